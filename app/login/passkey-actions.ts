'use server'
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import { database } from '@/db/client'
import type { PendingSignIn } from '@/db/schema'
import { safeReturnTo } from '@/lib/auth/accounts'
import { passkeyAuthenticationOptions, passkeyMessages, verifyPasskeyAssertion } from '@/lib/factors/passkeys'
import { combinedAmr, expiredSignInMessage } from '@/lib/factors/second-step'
import { requestContext } from '../_server/context'
import { challengeOwnSecondStep, ownPending, takeOwnPending } from '../_server/passkey-ceremonies'
import { signedIn, startPending } from '../_server/sign-in'

export type PasskeyOutcome = { error: string }

/** First factor: a challenge any of this site's discoverable passkeys can answer. */
export async function beginPasskeySignIn(returnTo: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await passkeyAuthenticationOptions(await database(), null)
  await startPending({ purpose: 'passkey_sign_in', userId: null, amr: [], returnTo: safeReturnTo(returnTo), challenge: options.challenge })
  return options
}

/** Second step: a challenge only the signing-in user's passkeys can answer. */
export async function beginPasskeySecondStep(): Promise<PublicKeyCredentialRequestOptionsJSON | PasskeyOutcome> {
  const pending = await ownPending('second_factor')
  if (!pending?.userId) return { error: expiredSignInMessage }
  const options = await passkeyAuthenticationOptions(await database(), pending.userId)
  if (!(await challengeOwnSecondStep(options.challenge))) return { error: expiredSignInMessage }
  return options
}

export async function finishPasskeySignIn(response: unknown): Promise<PasskeyOutcome> {
  return finish('passkey_sign_in', response)
}

export async function finishPasskeySecondStep(response: unknown): Promise<PasskeyOutcome> {
  return finish('second_factor', response)
}

async function finish(purpose: PendingSignIn['purpose'], response: unknown): Promise<PasskeyOutcome> {
  const pending = await ownPending(purpose)
  if (!pending) return { error: expiredSignInMessage }
  const result = await verifyPasskeyAssertion(await database(), pending, response, await requestContext())
  if (!result.ok) return { error: result.errors.form ?? passkeyMessages.failed }
  if (!(await takeOwnPending(purpose))) return { error: expiredSignInMessage }
  // As a first factor, user verification (PIN or biometric) on the authenticator is the second.
  const amr = purpose === 'passkey_sign_in' ? [result.method, 'mfa'] : combinedAmr(pending.amr, [result.method])
  return signedIn(result.user, amr, pending.returnTo)
}
