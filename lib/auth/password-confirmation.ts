// A signed-in user confirming a sensitive change (a new password, deleting the account, removing
// a second factor) gives the password again. A stolen session cookie must not turn that form into
// a password oracle: the guess is counted before the check, in the counters every instance
// shares, and a right password past the limit is refused like a wrong one would be.
import type { Database } from '@/db/client'
import { currentTime } from '../clock'
import { config } from '../config'
import { addressKey, releaseAttempt, reserveAttempt, type Limit } from '../rate-limit'
import { verifyPassword } from './passwords'

export type PasswordConfirmation = 'confirmed' | 'wrong' | 'throttled'

/** Per account and per address, as strict as sign-in guesses. */
export function passwordConfirmationLimits(userId: string, ip: string | null | undefined): Limit[] {
  const settings = config()
  return [
    { key: `confirm:account:${userId}`, max: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT },
    { key: `confirm:address:${addressKey(ip)}`, max: settings.LOGIN_MAX_FAILURES_PER_IP },
  ]
}

/** Checks `password` against `passwordHash` under `limits` (the first one is cleared on success). */
export async function confirmPassword(db: Database, password: string, passwordHash: string | null, limits: Limit[], now = currentTime()): Promise<PasswordConfirmation> {
  const reservation = await reserveAttempt(db, limits, config().RATE_LIMIT_WINDOW, now)
  if (!reservation.granted) return 'throttled'
  if (!(await verifyPassword(password, passwordHash))) return 'wrong'
  await releaseAttempt(db, reservation, [limits[0].key])
  return 'confirmed'
}
