'use server'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { logIn, passwordChangeUrl, safeReturnTo } from '@/lib/auth/accounts'
import { withoutControlCharacters } from '@/lib/text'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { startSession } from '../_server/session'

export async function logInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const login = formText(form, 'login')
  const result = await logIn(await database(), { login, password: formText(form, 'password') }, await requestContext())
  // The form shows the name again without any control character logIn refused it for.
  if (!result.ok) return { errors: result.errors, values: { login: withoutControlCharacters(login) } }
  await startSession(result.user.id)
  const returnTo = safeReturnTo(formText(form, 'return_to'))
  // A generated or administrator-set password is replaced first; then on to where the user was going.
  redirect(result.user.mustChangePassword ? passwordChangeUrl(returnTo) : returnTo)
}
