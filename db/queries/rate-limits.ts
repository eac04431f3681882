import { eq, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { preparedStatement } from '../prepared'
import { rateLimits } from '../schema'

/** Adds one to a fixed-window counter in one statement (safe across instances); returns the new count. */
export async function incrementCounter(db: Executor, key: string, now: Date, windowSeconds: number): Promise<number> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000)
  const [row] = await db.insert(rateLimits).values({ key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${rateLimits.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning({ count: rateLimits.count })
  return row.count
}

export async function readCounter(db: Executor, key: string, now: Date, windowSeconds: number): Promise<number> {
  const statement = preparedStatement(db, 'read_counter', (handle) =>
    handle.select().from(rateLimits).where(eq(rateLimits.key, sql.placeholder('key'))).limit(1).prepare('read_counter'))
  const [row] = await statement.execute({ key })
  if (!row || row.windowStartedAt.getTime() < now.getTime() - windowSeconds * 1000) return 0
  return row.count
}

export async function clearCounter(db: Executor, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key))
}
