'use server'
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { revalidatePath } from 'next/cache'
import { database } from '@/db/client'
import { passkeyMessages, passkeyRegistrationOptions, registerPasskey, removePasskey } from '@/lib/factors/passkeys'
import { requestContext } from '../_server/context'
import { formText } from '../_server/form'
import { ownPending, takeOwnPending } from '../_server/passkey-ceremonies'
import { requireUser } from '../_server/session'
import { startPending } from '../_server/sign-in'

export async function beginPasskeyRegistration(): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user } = await requireUser('/account')
  const options = await passkeyRegistrationOptions(await database(), user)
  await startPending({ purpose: 'passkey_registration', userId: user.id, amr: [], returnTo: '/account', challenge: options.challenge })
  return options
}

export type RegistrationOutcome = { error?: string; nameError?: string; recoveryCodes?: string[] | null; added?: string }

export async function finishPasskeyRegistration(response: unknown, name: string): Promise<RegistrationOutcome> {
  const { user } = await requireUser('/account')
  const pending = await ownPending('passkey_registration')
  const result = await registerPasskey(await database(), user, pending, response, String(name), await requestContext())
  if (!result.ok) return { error: result.errors.form, nameError: result.errors.name }
  if (!(await takeOwnPending('passkey_registration'))) return { error: passkeyMessages.failed }
  revalidatePath('/account')
  return { added: result.passkey.name, recoveryCodes: result.recoveryCodes }
}

export async function removePasskeyAction(form: FormData): Promise<void> {
  const { user } = await requireUser('/account')
  await removePasskey(await database(), user, formText(form, 'passkeyId'), await requestContext())
  revalidatePath('/account')
}
