// Throttling shared through the database, so several instances share one count (SPEC §5):
// failed logins per account and per IP, failed client authentication per client and per IP.
import type { Executor } from '@/db/client'
import { clearCounter, incrementCounter, readCounter } from '@/db/queries/rate-limits'

export interface Limit { key: string; max: number }

/** True when any of the limits has already been reached in the current window. */
export async function isLimited(db: Executor, limits: Limit[], windowSeconds: number, now = new Date()): Promise<boolean> {
  const counts = await Promise.all(limits.map((limit) => readCounter(db, limit.key, now, windowSeconds)))
  return counts.some((count, index) => count >= limits[index].max)
}

export async function recordFailure(db: Executor, limits: Limit[], windowSeconds: number, now = new Date()): Promise<void> {
  for (const limit of limits) await incrementCounter(db, limit.key, now, windowSeconds)
}

export async function clearFailures(db: Executor, keys: string[]): Promise<void> {
  for (const key of keys) await clearCounter(db, key)
}
