import { and, eq } from 'drizzle-orm'
import type { Executor } from '../client'
import { consents } from '../schema'

export type Consent = typeof consents.$inferSelect

export async function findConsent(db: Executor, userId: string, clientId: string): Promise<Consent | null> {
  const [row] = await db.select().from(consents).where(and(eq(consents.userId, userId), eq(consents.clientId, clientId))).limit(1)
  return row ?? null
}

/** Remembers the scopes a user approved for a client, adding to what was approved before. */
export async function saveConsent(db: Executor, userId: string, clientId: string, scopes: string[], now: Date): Promise<void> {
  await db.insert(consents).values({ userId, clientId, scopes, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [consents.userId, consents.clientId], set: { scopes, updatedAt: now } })
}

export async function deleteConsent(db: Executor, userId: string, clientId: string): Promise<boolean> {
  const rows = await db.delete(consents).where(and(eq(consents.userId, userId), eq(consents.clientId, clientId))).returning({ clientId: consents.clientId })
  return rows.length > 0
}
