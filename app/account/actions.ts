'use server'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { database } from '@/db/client'
import { changeEmail, changePassword, changeUsername, deleteAccount, safeReturnTo } from '@/lib/auth/accounts'
import { signOutEverywhere, signOutSession } from '@/lib/auth/sessions'
import { revokeConnectedApp } from '@/lib/oauth/connected-apps'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { requireUser, stopSession } from '../_server/session'

export async function changeUsernameAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUser('/account')
  const result = await changeUsername(await database(), user, { username: formText(form, 'username') }, await requestContext())
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/', 'layout')
  return { success: 'Username changed.' }
}

export async function changeEmailAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUser('/account')
  const result = await changeEmail(await database(), user, { email: formText(form, 'email') }, await requestContext())
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/account')
  return { success: result.pending ? 'Check your new address: the change takes effect once you follow the link we mailed to it.' : 'We mailed a new confirmation link.' }
}

export async function changePasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user, session } = await requireUser('/account')
  const result = await changePassword(await database(), user, session.id, {
    currentPassword: formText(form, 'currentPassword'),
    newPassword: formText(form, 'newPassword'),
  }, await requestContext())
  if (!result.ok) return { errors: result.errors }
  // Sent here to replace a one-time password on the way somewhere (a pending authorization): go on.
  const returnTo = safeReturnTo(formText(form, 'return_to'), '')
  if (returnTo) redirect(returnTo)
  revalidatePath('/account')
  return { success: 'Password changed. Your other sessions were signed out.' }
}

export async function signOutSessionAction(form: FormData): Promise<void> {
  const { user, session } = await requireUser('/account')
  const parsed = z.uuid().safeParse(formText(form, 'sessionId'))
  if (!parsed.success) return
  await signOutSession(await database(), user.id, parsed.data, await requestContext())
  if (parsed.data === session.id) {
    await stopSession()
    redirect('/login')
  }
  revalidatePath('/account')
}

export async function signOutEverywhereAction(): Promise<void> {
  const { user } = await requireUser('/account')
  await signOutEverywhere(await database(), user.id, await requestContext())
  await stopSession()
  redirect('/login')
}

/** Connected apps' Revoke: the consent and every grant of this user to that client. The user id
 * comes from the session, never from the form, so only one's own authorizations can be revoked. */
export async function revokeConnectedAppAction(form: FormData): Promise<void> {
  const { user } = await requireUser('/account')
  const parsed = z.string().min(1).max(128).safeParse(formText(form, 'clientId'))
  if (!parsed.success) return
  await revokeConnectedApp(await database(), user.id, parsed.data, await requestContext())
  revalidatePath('/account')
}

export async function deleteAccountAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUser('/account')
  const result = await deleteAccount(await database(), user, { password: formText(form, 'password') }, await requestContext())
  if (!result.ok) return { errors: result.errors }
  await stopSession()
  redirect('/signup')
}
