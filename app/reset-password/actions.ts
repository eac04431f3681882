'use server'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { resetPassword } from '@/lib/auth/recovery'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { stopSession } from '../_server/session'

export async function resetPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await resetPassword(await database(), { token: formText(form, 'token'), newPassword: formText(form, 'newPassword') }, await requestContext())
  if (!result.ok) return { errors: result.errors }
  // Every session ended, this browser's included: drop its cookie too. The link is used up, so
  // the answer is a page of its own rather than the link's page again.
  await stopSession()
  redirect('/reset-password/done')
}
