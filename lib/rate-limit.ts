// Throttling shared through the database, so several instances share one count (SPEC §5):
// failed logins per account and per IP, failed client authentication per client and per IP.
import type { Executor } from '@/db/client'
import { clearCounter, incrementCounter, readCounter } from '@/db/queries/rate-limits'
import { processCache } from './cache'
import { currentTime } from './clock'

export interface Limit { key: string; max: number }

// For the token endpoint's hot path (a client that keeps authenticating fine) counters read from
// the database may be reused for one second, so that it costs no query; failures on another
// instance are then seen within a second, failures on this one at once. Logins read fresh.
export const COUNTER_CACHE_TTL_MS = 1_000
const counters = processCache<number>('rate-limit-counters', COUNTER_CACHE_TTL_MS)

async function currentCount(db: Executor, key: string, now: Date, windowSeconds: number, useCache: boolean): Promise<number> {
  if (!useCache) return readCounter(db, key, now, windowSeconds)
  const cached = counters.get(key, now.getTime())
  if (cached !== undefined) return cached
  const count = await readCounter(db, key, now, windowSeconds)
  counters.set(key, count, now.getTime())
  return count
}

/** The verdict of isLimited(…, { cached: true }) when every counter is cached, else undefined:
 * synchronous, so a client that keeps authenticating fine pays no promise for it. */
export function cachedLimitVerdict(limits: Limit[], now: Date): boolean | undefined {
  let limited = false
  for (const limit of limits) {
    const count = counters.get(limit.key, now.getTime())
    if (count === undefined) return undefined
    if (count >= limit.max) limited = true
  }
  return limited
}

/** True when any of the limits has already been reached in the current window. */
export async function isLimited(db: Executor, limits: Limit[], windowSeconds: number, now = currentTime(), options: { cached?: boolean } = {}): Promise<boolean> {
  const counts = await Promise.all(limits.map((limit) => currentCount(db, limit.key, now, windowSeconds, options.cached ?? false)))
  return counts.some((count, index) => count >= limits[index].max)
}

export async function recordFailure(db: Executor, limits: Limit[], windowSeconds: number, now = currentTime()): Promise<void> {
  for (const limit of limits) counters.set(limit.key, await incrementCounter(db, limit.key, now, windowSeconds), now.getTime())
}

export async function clearFailures(db: Executor, keys: string[]): Promise<void> {
  for (const key of keys) {
    await clearCounter(db, key)
    counters.delete(key)
  }
}
