import { eq } from 'drizzle-orm'
import type { Executor } from '../client'
import { emailPolicy } from '../schema'

export interface EmailPolicy { requireVerifiedEmail: boolean }

export async function readEmailPolicy(db: Executor): Promise<EmailPolicy> {
  const [row] = await db.select({ requireVerifiedEmail: emailPolicy.requireVerifiedEmail }).from(emailPolicy).where(eq(emailPolicy.id, 1)).limit(1)
  return row ?? { requireVerifiedEmail: false }
}

export async function saveEmailPolicy(db: Executor, policy: EmailPolicy): Promise<void> {
  await db.insert(emailPolicy).values({ id: 1, ...policy, updatedAt: new Date() })
    .onConflictDoUpdate({ target: emailPolicy.id, set: { ...policy, updatedAt: new Date() } })
}
