// Second-factor guesses are counted like password guesses: before the check, in the shared
// counters, per account and per address. Whoever reaches this step already knows the password,
// so the per-account limit is what bounds guessing a 6-digit code.
import { config } from '../config'
import { addressKey, type Limit } from '../rate-limit'

export function secondFactorLimits(userId: string, ip: string | null | undefined): Limit[] {
  const settings = config()
  return [
    { key: `factor:account:${userId}`, max: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT },
    { key: `factor:address:${addressKey(ip)}`, max: settings.LOGIN_MAX_FAILURES_PER_IP },
  ]
}
