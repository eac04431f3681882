// An upstream that says it verified the address proves it as the mailed link would: the account's
// address counts as confirmed (password reset, email_verified for relying parties) — only while
// the account's address is that very address, never another one the provider reports.
import type { Executor } from '@/db/client'
import { consumeUserEmailTokens } from '@/db/queries/email-tokens'
import { updateUser } from '@/db/queries/users'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { isEmailVerified, sameAddress } from '../auth/verified-email'
import type { UpstreamIdentity } from './identity'

/** Whether the provider vouches for `email`. */
export function vouchesFor(identity: UpstreamIdentity, email: string): boolean {
  return identity.emailVerified && identity.email !== null && sameAddress(identity.email, email)
}

/** Marks the user's current address confirmed when the provider vouches for it and it is not yet. */
export async function confirmVouchedEmail(db: Executor, user: User, providerId: string, identity: UpstreamIdentity, context: RequestContext, now: Date): Promise<void> {
  if (isEmailVerified(user) || !vouchesFor(identity, user.email)) return
  await updateUser(db, user.id, { verifiedEmail: user.email })
  // One proof settles the account's address: mailed links in flight are void, as after a link.
  await consumeUserEmailTokens(db, user.id, 'email_verification', now)
  await audit(db, emailVerifiedByUpstream(user.id, providerId), context)
}

export function emailVerifiedByUpstream(userId: string, providerId: string) {
  return { event: 'user.email_verified' as const, actorUserId: userId, details: { via: 'upstream', provider: providerId } }
}
