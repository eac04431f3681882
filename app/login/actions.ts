'use server'
import { database } from '@/db/client'
import { logIn, safeReturnTo } from '@/lib/auth/accounts'
import { withoutControlCharacters } from '@/lib/text'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { afterFirstFactor } from '../_server/sign-in'

export async function logInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const login = formText(form, 'login')
  const result = await logIn(await database(), { login, password: formText(form, 'password') }, await requestContext())
  // The form shows the name again without any control character logIn refused it for.
  if (!result.ok) return { errors: result.errors, values: { login: withoutControlCharacters(login) } }
  // The second step when the account has a second factor; else the session, a generated or
  // administrator-set password replaced first, then on to where the user was going.
  return afterFirstFactor(result.user, ['pwd'], safeReturnTo(formText(form, 'return_to')))
}
