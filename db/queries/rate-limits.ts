import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { preparedStatement } from '../prepared'
import { rateLimits } from '../schema'

export interface CounterState { key: string; count: number; windowStartedAt: Date }

/**
 * Adds `amount` (0 or 1) to fixed-window counters in one statement and returns each counter as
 * it stands after that addition. ON CONFLICT DO UPDATE takes each row's lock and works on its
 * latest committed version, so concurrent callers on any instance are serialised per key and
 * none of them reads a count that another has already moved past. Keys are sorted so that two
 * statements over the same keys lock them in the same order (no deadlock).
 */
export async function addToCounters(db: Executor, keys: string[], amount: 0 | 1, now: Date, windowSeconds: number): Promise<CounterState[]> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000)
  const expired = sql`${rateLimits.windowStartedAt} < ${windowStart.toISOString()}::timestamptz`
  const sorted = [...new Set(keys)].sort()
  return db.insert(rateLimits).values(sorted.map((key) => ({ key, count: amount, windowStartedAt: now })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then excluded.count else ${rateLimits.count} + excluded.count end`,
        windowStartedAt: sql`case when ${expired} then excluded.window_started_at else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning({ key: rateLimits.key, count: rateLimits.count, windowStartedAt: rateLimits.windowStartedAt })
}

/** Takes back one attempt from counters still in the window it was counted in (a reservation
 * that turned out to be a success, or that was refused without being checked). */
export async function subtractFromCounters(db: Executor, counters: CounterState[]): Promise<void> {
  if (!counters.length) return
  const pairs = sql.join(counters.map((counter) => sql`(${counter.key}, ${counter.windowStartedAt.toISOString()}::timestamptz)`), sql`, `)
  await db.update(rateLimits).set({ count: sql`${rateLimits.count} - 1` })
    .where(and(sql`(${rateLimits.key}, ${rateLimits.windowStartedAt}) in (${pairs})`, sql`${rateLimits.count} > 0`))
}

/** The committed counts of `keys` in the current window (absent or expired counters are 0). */
export async function readCounters(db: Executor, keys: string[], now: Date, windowSeconds: number): Promise<number[]> {
  const statement = preparedStatement(db, 'read_counters', (handle) =>
    handle.select({ key: rateLimits.key, count: rateLimits.count, windowStartedAt: rateLimits.windowStartedAt })
      .from(rateLimits).where(sql`${rateLimits.key} = any(${sql.placeholder('keys')}::text[])`).prepare('read_counters'))
  const rows = await statement.execute({ keys })
  const windowStart = now.getTime() - windowSeconds * 1000
  return keys.map((key) => {
    const row = rows.find((candidate) => candidate.key === key)
    return !row || row.windowStartedAt.getTime() < windowStart ? 0 : row.count
  })
}

export async function clearCounter(db: Executor, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key))
}
