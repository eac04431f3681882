// Changes that weaken an account's second factors (removing one, replacing the recovery codes)
// need more than the session: a stolen session cookie must not be able to strip them. An account
// with a password gives it (counted like a sign-in guess, before the check); an account without
// one (signed up through an upstream provider) must have proved a second factor moments ago.
import type { Database } from '@/db/client'
import { findUserById } from '@/db/queries/users'
import type { Session, User } from '@/db/schema'
import type { RequestContext } from '../audit'
import { confirmPassword } from '../auth/password-confirmation'
import { currentTime } from '../clock'
import { refused, type Result } from '../result'
import { hasPassword } from '../upstream/accounts'
import { factorMessages } from './enrolment'
import { secondFactorLimits } from './limits'

/** How recent a sign-in with a second factor must be to stand in for the password. */
export const FRESH_SECOND_FACTOR_MS = 10 * 60 * 1000
const SECOND_FACTOR_METHODS = new Set(['otp', 'hwk', 'swk'])

export const confirmationMessages = {
  signInAgain: 'For your safety, log out and sign in again with your second factor, then do this within 10 minutes.',
} as const

export type SessionProof = Pick<Session, 'authTime' | 'amr'>

/** Whether the account asks for its password to confirm a factor change (the form shows the field). */
export function confirmsWithPassword(user: Pick<User, 'passwordHash'>): boolean {
  return hasPassword(user)
}

export async function confirmFactorChange(db: Database, user: User, session: SessionProof, password: string, context: RequestContext, now = currentTime()): Promise<Result<object>> {
  const fresh = await findUserById(db, user.id)
  if (!fresh || fresh.disabledAt) return refused(factorMessages.wrongPassword, 'password')
  if (!hasPassword(fresh)) {
    const recent = now.getTime() - session.authTime.getTime() <= FRESH_SECOND_FACTOR_MS
    return recent && session.amr.some((method) => SECOND_FACTOR_METHODS.has(method)) ? { ok: true } : refused(confirmationMessages.signInAgain)
  }
  const outcome = await confirmPassword(db, password.slice(0, 1024), fresh.passwordHash, secondFactorLimits(user.id, context.ip), now)
  if (outcome === 'throttled') return refused(factorMessages.throttledPassword, 'password')
  return outcome === 'confirmed' ? { ok: true } : refused(factorMessages.wrongPassword, 'password')
}
