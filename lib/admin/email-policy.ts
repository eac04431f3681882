// The admin's email policy: whether a user must have proved their address before any
// application is authorized for them (consent and code issuance wait for the proof).
import type { Database, Executor } from '@/db/client'
import { readEmailPolicy, saveEmailPolicy, type EmailPolicy } from '@/db/queries/email-policy'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { isEmailVerified } from '../auth/verified-email'

export type { EmailPolicy }

export async function emailPolicy(db: Executor): Promise<EmailPolicy> {
  return readEmailPolicy(db)
}

export async function setEmailPolicy(db: Database, actorUserId: string, policy: EmailPolicy, context: RequestContext): Promise<void> {
  await db.transaction(async (tx) => {
    await saveEmailPolicy(tx, policy)
    await audit(tx, { event: 'policy.email_changed', actorUserId, details: { require_verified_email: policy.requireVerifiedEmail } }, context)
  })
}

/** True when the policy holds this user back until their address is proved. */
export async function mustVerifyEmailFirst(db: Executor, user: User): Promise<boolean> {
  if (isEmailVerified(user)) return false
  return (await emailPolicy(db)).requireVerifiedEmail
}
