import { and, desc, eq, gt, ne } from 'drizzle-orm'
import type { Executor } from '../client'
import { sessions, users, type Session, type User } from '../schema'

export async function insertSession(db: Executor, values: typeof sessions.$inferInsert): Promise<Session> {
  const [row] = await db.insert(sessions).values(values).returning()
  return row
}

/** The live session for a token hash, with its user; null when expired, unknown or the user is disabled. */
export async function findLiveSession(db: Executor, tokenHash: string, now: Date): Promise<{ session: Session; user: User } | null> {
  const [row] = await db.select({ session: sessions, user: users }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    .limit(1)
  if (!row || row.user.disabledAt) return null
  return row
}

export async function touchSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id))
}

export async function listUserSessions(db: Executor, userId: string, now: Date): Promise<Session[]> {
  return db.select().from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
}

export async function deleteSessionById(db: Executor, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId))).returning({ id: sessions.id })
  return rows.length > 0
}

export async function deleteSessionByTokenHash(db: Executor, tokenHash: string): Promise<Session | null> {
  const [row] = await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).returning()
  return row ?? null
}

/** Ends every session of a user, or every one but the current. */
export async function deleteUserSessions(db: Executor, userId: string, exceptSessionId?: string): Promise<number> {
  const condition = exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId)
  const rows = await db.delete(sessions).where(condition).returning({ id: sessions.id })
  return rows.length
}

