// The administrator's second-factor policy: nobody, admins, or everyone must have a second
// factor; a user without one has a grace period from their first sign-in under the policy, then
// can only reach the pages where a factor is set up.
import type { Executor } from '@/db/client'
import { enrolmentDeadline } from '@/db/queries/second-factors'
import type { User } from '@/db/schema'
import { currentTime } from '../clock'
import { config } from '../config'
import { hasSecondFactor } from './enrolment'

export type EnrolmentStatus = { state: 'not_required' | 'enrolled' } | { state: 'grace' | 'overdue'; dueAt: Date }

export function policyApplies(user: Pick<User, 'isAdmin'>): boolean {
  const policy = config().SECOND_FACTOR_REQUIRED
  return policy === 'everyone' || (policy === 'admins' && user.isAdmin)
}

export async function enrolmentStatus(db: Executor, user: User, now = currentTime()): Promise<EnrolmentStatus> {
  if (!policyApplies(user)) return { state: 'not_required' }
  if (await hasSecondFactor(db, user.id)) return { state: 'enrolled' }
  const dueAt = await enrolmentDeadline(db, user.id, new Date(now.getTime() + config().SECOND_FACTOR_GRACE_DAYS * 86_400_000))
  return { state: dueAt <= now ? 'overdue' : 'grace', dueAt }
}

/** Where an overdue user is sent: the account page, which offers both kinds of factor. */
export function enrolmentUrl(returnTo?: string): string {
  const query = new URLSearchParams({ enrol: '1' })
  if (returnTo && returnTo !== '/account') query.set('return_to', returnTo)
  return `/account?${query}`
}

/** The pages an overdue user may still use: those where a factor is set up. */
export function enrolmentPath(path: string): boolean {
  return path === '/account' || path.startsWith('/account?') || path === '/account/authenticator' || path.startsWith('/account/authenticator?')
}
