'use server'
import { database } from '@/db/client'
import { confirmEmail } from '@/lib/auth/verification'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'

export async function confirmEmailAction(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await confirmEmail(await database(), formText(form, 'token'), await requestContext())
  if (!result.ok) return { errors: result.errors }
  return { success: `Your email address ${result.email} is confirmed.` }
}
