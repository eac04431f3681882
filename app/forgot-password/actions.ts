'use server'
import { database } from '@/db/client'
import { recoveryMessages, requestPasswordReset } from '@/lib/auth/recovery'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'

export async function requestResetAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { email: formText(form, 'email') }
  const result = await requestPasswordReset(await database(), values, await requestContext())
  if (!result.ok) return { errors: result.errors, values }
  return { success: recoveryMessages.linkSent }
}
