// Passkeys (WebAuthn Level 3) through @simplewebauthn/server. The relying party is the issuer:
// its host is the RP ID and its origin the only origin accepted. User verification (PIN or
// biometric on the authenticator) is required, and the signature counter must move forward.
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type AuthenticatorTransport, type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { z } from 'zod'
import type { Database } from '@/db/client'
import { deletePasskey, findPasskeyByCredentialId, insertPasskey, listPasskeys, recordPasskeyUse } from '@/db/queries/second-factors'
import { findUserById } from '@/db/queries/users'
import type { Passkey, PendingSignIn, User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { currentTime } from '../clock'
import { config } from '../config'
import { refused, type Result } from '../result'
import { LAST_WAY_IN, keepsAWayIn } from '../upstream/accounts'
import { confirmFactorChange, type SessionProof } from './confirmation'
import { dropOrphanRecoveryCodes, firstRecoveryCodes } from './enrolment'

export const passkeyMessages = {
  failed: 'That passkey could not be verified. Try again.',
  unknown: 'That passkey is not registered with Gatehouse.',
  notFound: 'That passkey was already removed.',
} as const

export function relyingParty(): { id: string; origin: string } {
  const issuer = new URL(config().ISSUER)
  return { id: issuer.hostname, origin: issuer.origin }
}

/** RFC 8176: a synced passkey is a software-secured key, a device-bound one a hardware key. */
export function passkeyMethod(passkey: Pick<Passkey, 'deviceType'>): 'swk' | 'hwk' {
  return passkey.deviceType === 'multiDevice' ? 'swk' : 'hwk'
}

const nameSchema = z.string().trim().min(1, 'Name the passkey.').max(64, 'Use at most 64 characters.')

export async function passkeyRegistrationOptions(db: Database, user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(db, user.id)
  return generateRegistrationOptions({
    rpName: 'Gatehouse',
    rpID: relyingParty().id,
    userName: user.username,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    // The same authenticator twice would only be a confusing duplicate.
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  })
}

export async function registerPasskey(db: Database, user: User, pending: PendingSignIn | null, response: unknown, name: string, context: RequestContext, now = currentTime()): Promise<Result<{ passkey: Passkey; recoveryCodes: string[] | null }>> {
  const parsedName = nameSchema.safeParse(name)
  if (!parsedName.success) return refused(parsedName.error.issues[0].message, 'name')
  if (!pending?.challenge || pending.userId !== user.id) return refused(passkeyMessages.failed)
  const { id: rpID, origin } = relyingParty()
  let verification
  try {
    verification = await verifyRegistrationResponse({ response: response as RegistrationResponseJSON, expectedChallenge: pending.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: true })
  } catch {
    return refused(passkeyMessages.failed)
  }
  if (!verification.verified) return refused(passkeyMessages.failed)
  const info = verification.registrationInfo
  const saved = await db.transaction(async (tx) => {
    const row = await insertPasskey(tx, {
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: info.credential.transports ?? [],
      name: parsedName.data,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      createdAt: now,
    })
    await audit(tx, { event: 'factor.passkey_added', actorUserId: user.id, details: { name: row.name } }, context)
    return { passkey: row, recoveryCodes: await firstRecoveryCodes(tx, user.id, context, now) }
  })
  return { ok: true, ...saved }
}

/** Options for a sign-in: any discoverable passkey of this RP (first factor), or the user's own (second step). */
export async function passkeyAuthenticationOptions(db: Database, userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed = userId ? await listPasskeys(db, userId) : []
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    userVerification: 'required',
    allowCredentials: allowed.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports as AuthenticatorTransport[] })),
  })
}

/**
 * Verifies an assertion against the challenge of a pending sign-in. When the pending sign-in
 * already names a user (the second step), the passkey must be theirs.
 */
export async function verifyPasskeyAssertion(db: Database, pending: PendingSignIn | null, response: unknown, context: RequestContext, now = currentTime()): Promise<Result<{ user: User; method: 'swk' | 'hwk' }>> {
  if (!pending?.challenge) return refused(passkeyMessages.failed)
  const credentialId = typeof (response as { id?: unknown })?.id === 'string' ? (response as { id: string }).id.slice(0, 1024) : ''
  const passkey = credentialId ? await findPasskeyByCredentialId(db, credentialId) : null
  if (!passkey || (pending.userId && passkey.userId !== pending.userId)) {
    await audit(db, { event: 'user.passkey_login_failed', subjectUserId: pending.userId, details: { reason: 'unknown_passkey' } }, context)
    return refused(passkeyMessages.unknown)
  }
  const { id: rpID, origin } = relyingParty()
  let verification
  try {
    verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: pending.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
      credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: passkey.transports as AuthenticatorTransport[] },
    })
  } catch {
    // Includes a counter that did not move forward: a sign of a cloned authenticator.
    verification = null
  }
  const user = await findUserById(db, passkey.userId)
  // Conditional on the counter read above; replay of an assertion is stopped by the challenge,
  // which the caller's pending sign-in makes single use.
  if (!verification?.verified || !user || user.disabledAt || !(await recordPasskeyUse(db, passkey.id, passkey.counter, verification.authenticationInfo.newCounter, now))) {
    await audit(db, { event: 'user.passkey_login_failed', subjectUserId: passkey.userId, details: { reason: user?.disabledAt ? 'disabled' : 'not_verified' } }, context)
    return refused(passkeyMessages.failed)
  }
  return { ok: true, user, method: passkeyMethod(passkey) }
}

/** Removing a passkey needs the password too (see ./confirmation): a borrowed session must not
 * strip a factor. */
export async function removePasskey(db: Database, user: User, session: SessionProof, passkeyId: string, password: string, context: RequestContext): Promise<Result<object>> {
  if (!z.uuid().safeParse(passkeyId).success) return refused(passkeyMessages.notFound)
  const confirmed = await confirmFactorChange(db, user, session, password, context)
  if (!confirmed.ok) return confirmed
  const outcome = await db.transaction(async (tx) => {
    // A passkey is also a first factor: the last way into an account without a password stays.
    if (!(await keepsAWayIn(tx, user.id, 'passkey'))) return 'last_way_in'
    if (!(await deletePasskey(tx, user.id, passkeyId))) return 'not_found'
    await audit(tx, { event: 'factor.passkey_removed', actorUserId: user.id }, context)
    await dropOrphanRecoveryCodes(tx, user.id)
    return 'removed'
  })
  if (outcome === 'last_way_in') return refused(LAST_WAY_IN)
  return outcome === 'removed' ? { ok: true } : refused(passkeyMessages.notFound)
}
