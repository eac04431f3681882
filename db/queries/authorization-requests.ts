import { and, eq, gt } from 'drizzle-orm'
import type { Executor } from '../client'
import { authorizationRequests } from '../schema'

export type StoredAuthorizationRequest = typeof authorizationRequests.$inferSelect

export async function insertAuthorizationRequest(db: Executor, values: typeof authorizationRequests.$inferInsert): Promise<void> {
  await db.insert(authorizationRequests).values(values)
}

export async function findAuthorizationRequest(db: Executor, id: string, now: Date): Promise<StoredAuthorizationRequest | null> {
  const [row] = await db.select().from(authorizationRequests)
    .where(and(eq(authorizationRequests.id, id), gt(authorizationRequests.expiresAt, now))).limit(1)
  return row ?? null
}

/** Takes the request out of the store; null if it was already used (a double-submitted consent). */
export async function takeAuthorizationRequest(db: Executor, id: string): Promise<StoredAuthorizationRequest | null> {
  const [row] = await db.delete(authorizationRequests).where(eq(authorizationRequests.id, id)).returning()
  return row ?? null
}

