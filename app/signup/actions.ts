'use server'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { safeReturnTo, signUp } from '@/lib/auth/accounts'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { startSession } from '../_server/session'

export async function signUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { username: formText(form, 'username'), email: formText(form, 'email') }
  const result = await signUp(await database(), { ...values, password: formText(form, 'password') }, await requestContext())
  if (!result.ok) return { errors: result.errors, values }
  await startSession(result.user.id)
  redirect(safeReturnTo(formText(form, 'return_to')))
}
