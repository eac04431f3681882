'use server'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { safeReturnTo, signUp } from '@/lib/auth/accounts'
import { startEmailVerification } from '@/lib/auth/verification'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { startSession } from '../_server/session'

export async function signUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { username: formText(form, 'username'), email: formText(form, 'email') }
  const [db, context] = [await database(), await requestContext()]
  const result = await signUp(db, { ...values, password: formText(form, 'password') }, context)
  if (!result.ok) return { errors: result.errors, values }
  startEmailVerification(db, result.user)
  await startSession(result.user.id)
  redirect(safeReturnTo(formText(form, 'return_to')))
}
