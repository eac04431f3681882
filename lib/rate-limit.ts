// Throttling shared through the database, so that every instance works on one count. Two
// shapes, both atomic per key across instances:
// - reserveAttempt / releaseAttempt for checks that cost real work (a bcrypt comparison): the
//   attempt is counted before the check, and one over the limit is refused without checking;
// - settleAttempt for checks that cost nothing (comparing SHA-256 hashes of client secrets):
//   a failure is counted and a success is decided against the committed count, so a busy
//   client's own concurrent requests never hold reservations that could throttle it.
import type { Executor } from '@/db/client'
import { addToCounters, clearCounter, readCounters, subtractFromCounters, type CounterState } from '@/db/queries/rate-limits'
import { processCache } from './cache'
import { currentTime } from './clock'

export interface Limit { key: string; max: number }

// Keys seen at or over their limit. Only ever used to refuse (the safe direction), never to
// admit, so it cannot let an attempt past a limit; it saves an attacker's excess attempts a
// round trip. A counter that falls back under its limit (window over, a login clearing its key
// elsewhere) is seen by this process within this bound.
export const OVER_LIMIT_CACHE_TTL_MS = 1_000
const overLimit = processCache<true>('rate-limit-over', OVER_LIMIT_CACHE_TTL_MS)

/** True when this process recently saw one of the limits reached: refuse without a query. */
export function knownOverLimit(limits: Limit[], now = currentTime()): boolean {
  return limits.some((limit) => overLimit.get(limit.key, now.getTime()) !== undefined)
}

function noteCounts(limits: Limit[], countOf: (key: string) => number, now: Date): void {
  for (const limit of limits) if (countOf(limit.key) >= limit.max) overLimit.set(limit.key, true, now.getTime())
}

/**
 * The part of a key that names the source address. IPv6 addresses are grouped by their /64
 * (one subscriber usually holds a whole /64, so per-address limits on single IPv6 addresses would
 * be free to dodge); IPv4-mapped IPv6 counts as the IPv4 address.
 */
export function addressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown'
  const address = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address)
  if (mapped) return mapped[1]
  if (!address.includes(':')) return address
  const [head, tail = ''] = address.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = address.includes('::') && tail ? tail.split(':') : []
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length)
  const groups = address.includes('::') ? [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups] : headGroups
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`
}

export interface Reservation { granted: boolean; counters: CounterState[] }

/**
 * Counts one attempt against every limit in one statement, before the caller checks anything.
 * Over any limit: the attempt is taken back (so refused attempts do not eat into other limits,
 * such as an account's ceiling) and refused; the caller must not check it.
 */
export async function reserveAttempt(db: Executor, limits: Limit[], windowSeconds: number, now = currentTime()): Promise<Reservation> {
  if (knownOverLimit(limits, now)) return { granted: false, counters: [] }
  const counters = await addToCounters(db, limits.map((limit) => limit.key), 1, now, windowSeconds)
  const countOf = (key: string) => counters.find((counter) => counter.key === key)?.count ?? 0
  if (limits.some((limit) => countOf(limit.key) > limit.max)) {
    await subtractFromCounters(db, counters)
    noteCounts(limits, (key) => countOf(key) - 1, now)
    return { granted: false, counters: [] }
  }
  noteCounts(limits, countOf, now)
  return { granted: true, counters }
}

/** After a successful check: takes the attempt back, and clears `clearKeys` altogether. */
export async function releaseAttempt(db: Executor, reservation: Reservation, clearKeys: string[] = []): Promise<void> {
  for (const key of clearKeys) {
    await clearCounter(db, key)
    overLimit.delete(key)
  }
  await subtractFromCounters(db, reservation.counters.filter((counter) => !clearKeys.includes(counter.key)))
}

export type Verdict = 'accepted' | 'failed' | 'throttled'

// Keys this process read at zero failures within the last second, so that a busy client's
// successes do not each cost a query. The bound this leaves: failures counted by OTHER instances
// inside that second are not seen here until the entry expires or this process sees a failure on
// the key itself (which drops the entry and is counted). A guesser therefore gets at most one
// extra answered guess per instance and key before every answer is 'throttled' — with 256-bit
// client secrets, nothing. Failures are never cached as clean.
export const CLEAN_CACHE_TTL_MS = 1_000
const recentlyClean = processCache<true>('rate-limit-clean', CLEAN_CACHE_TTL_MS)
let localFailures = 0

/**
 * For checks that cost nothing: a failure is counted (one upsert under each counter's row lock)
 * and answers 'throttled' once it is past a limit; a success is accepted only while every
 * committed count is still under its limit, read fresh unless this process read it at zero within
 * the last second (see `recentlyClean`), so a right secret sent after the limit was reached is
 * refused on every instance. Past a limit the answer is 'throttled' whether the
 * secret was right or wrong, so it tells a guesser nothing.
 */
export async function settleAttempt(db: Executor, limits: Limit[], succeeded: boolean, windowSeconds: number, now = currentTime()): Promise<Verdict> {
  const keys = limits.map((limit) => limit.key)
  if (succeeded) {
    if (keys.every((key) => recentlyClean.get(key, now.getTime()) !== undefined)) return 'accepted'
    const failuresBefore = localFailures
    const counts = await readCounters(db, keys, now, windowSeconds)
    noteCounts(limits, (key) => counts[keys.indexOf(key)], now)
    // Only a read that no local failure overtook may vouch for the keys.
    if (counts.every((count) => count === 0) && failuresBefore === localFailures) {
      for (const key of keys) recentlyClean.set(key, true, now.getTime())
    }
    return limits.some((limit, index) => counts[index] >= limit.max) ? 'throttled' : 'accepted'
  }
  localFailures++
  for (const key of keys) recentlyClean.delete(key)
  const counters = await addToCounters(db, keys, 1, now, windowSeconds)
  const countOf = (key: string) => counters.find((counter) => counter.key === key)?.count ?? 0
  noteCounts(limits, countOf, now)
  return limits.some((limit) => countOf(limit.key) > limit.max) ? 'throttled' : 'failed'
}
