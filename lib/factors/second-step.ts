// The second step of a sign-in. After the first factor the user is not signed in: a short-lived
// server-side row remembers who passed which factor, and the browser holds only a random token
// for it (in its own cookie), so the half-finished state is neither a session nor transferable
// without that browser's cookie.
import type { Database } from '@/db/client'
import { findPendingSignIn, findTotpFactor, insertPendingSignIn, recoveryCodeCounts, spendRecoveryCode, spendTotpStep, takePendingSignIn } from '@/db/queries/second-factors'
import { findUserById } from '@/db/queries/users'
import type { PendingSignIn, User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { currentTime } from '../clock'
import { config } from '../config'
import { randomToken, sha256 } from '../crypto'
import { releaseAttempt, reserveAttempt } from '../rate-limit'
import { refused, type Result } from '../result'
import { factorMessages } from './enrolment'
import { secondFactorLimits } from './limits'
import { looksLikeRecoveryCode, recoveryCodeHash } from './recovery-codes'
import { matchingTotpStep, unsealTotpSecret } from './totp'

/** How long the user has between the password and the code. */
export const PENDING_SIGN_IN_TTL_SECONDS = 5 * 60

export const expiredSignInMessage = 'This sign-in has expired. Log in again.'

/** Combines method values (RFC 8176): each once; `mfa` once two different kinds were used. */
export function combinedAmr(...methods: string[][]): string[] {
  const all = [...new Set(methods.flat())]
  const factors = all.filter((method) => method !== 'mfa')
  if (factors.length > 1 && !all.includes('mfa')) all.push('mfa')
  return all
}

/** Remembers a passed first factor; returns the token for the browser's cookie. */
export async function beginPendingSignIn(db: Database, values: Pick<PendingSignIn, 'purpose' | 'userId' | 'amr' | 'returnTo'> & { challenge?: string | null }, now = currentTime()): Promise<string> {
  const token = randomToken()
  await insertPendingSignIn(db, { ...values, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_TTL_SECONDS * 1000), createdAt: now })
  return token
}

export async function readPendingSignIn(db: Database, token: string | undefined, purpose: PendingSignIn['purpose'], now = currentTime()): Promise<PendingSignIn | null> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 128) return null
  return findPendingSignIn(db, sha256(token), purpose, now)
}

export interface SignedIn { user: User; amr: string[]; returnTo: string }

/**
 * Checks an authenticator-app code or a recovery code against a pending sign-in. The attempt is
 * counted before the check; a code is spent by a conditional update (a replayed TOTP code, or a
 * used recovery code, finds nothing to update); the pending row is then taken once.
 */
export async function completeSecondStep(db: Database, token: string | undefined, input: string, context: RequestContext, now = currentTime()): Promise<Result<SignedIn>> {
  const pending = await readPendingSignIn(db, token, 'second_factor', now)
  const user = pending?.userId ? await findUserById(db, pending.userId) : null
  if (!pending || !user || user.disabledAt) return refused(expiredSignInMessage)
  const code = input.trim().replace(/\s/g, '').slice(0, 32)
  if (!code) return refused('Enter the code from your authenticator app, or a recovery code.', 'code')
  const limits = secondFactorLimits(user.id, context.ip)
  const reservation = await reserveAttempt(db, limits, config().RATE_LIMIT_WINDOW, now)
  if (!reservation.granted) {
    await audit(db, { event: 'user.second_factor_failed', subjectUserId: user.id, details: { reason: 'throttled' } }, context)
    return refused(factorMessages.throttled, 'code')
  }
  const method = await spendCode(db, user.id, code, now)
  if (!method) {
    await audit(db, { event: 'user.second_factor_failed', subjectUserId: user.id, details: { reason: 'wrong_code' } }, context)
    return refused(factorMessages.wrongCode, 'code')
  }
  const taken = await takePendingSignIn(db, sha256(token!), 'second_factor', now)
  if (!taken) return refused(expiredSignInMessage)
  await releaseAttempt(db, reservation, [limits[0].key])
  if (method === 'recovery') {
    const remaining = (await recoveryCodeCounts(db, user.id)).unused
    await audit(db, { event: 'factor.recovery_code_used', actorUserId: user.id, details: { remaining } }, context)
  }
  await audit(db, { event: 'user.second_factor_succeeded', actorUserId: user.id, details: { method } }, context)
  // A recovery code is a one-time password in RFC 8176's sense.
  return { ok: true, user, amr: combinedAmr(taken.amr, ['otp']), returnTo: taken.returnTo }
}

async function spendCode(db: Database, userId: string, code: string, now: Date): Promise<'totp' | 'recovery' | null> {
  if (/^\d{6}$/.test(code)) {
    const factor = await findTotpFactor(db, userId)
    if (!factor?.confirmedAt) return null
    const step = await matchingTotpStep(unsealTotpSecret(factor.secretSealed), code, now)
    return step !== null && (await spendTotpStep(db, userId, step, now)) ? 'totp' : null
  }
  if (looksLikeRecoveryCode(code)) return (await spendRecoveryCode(db, userId, recoveryCodeHash(code), now)) ? 'recovery' : null
  return null
}
