// A circuit breaker in front of the database. After a connection failure every request fails
// fast (503) instead of queueing on a dead pool; a background probe re-checks every
// PROBE_INTERVAL_MS and closes the breaker as soon as the database answers, so recovery needs
// no restart. Imports nothing heavy: the proxy (page requests) reads it without loading a driver.
// State lives on globalThis so that every bundle Next builds in this process sees one breaker.
import { log } from '@/lib/log'
import { DatabaseUnavailableError, isConnectionFailure } from './errors'

export const PROBE_INTERVAL_MS = 250
/** A probe that takes longer than this counts as a failure (a black-holed network never refuses). */
export const PROBE_TIMEOUT_MS = 1000
/** Page requests trust a probe this recent instead of sending another. */
const VERIFIED_FRESH_MS = 100

interface Breaker {
  open: boolean
  /** When the breaker last opened (ms since the epoch), 0 if never. */
  openedAt?: number
  probe?: () => Promise<unknown>
  inFlight?: Promise<boolean>
  verifiedAt: number
}

const breaker: Breaker = ((globalThis as unknown as { __gatehouseBreaker?: Breaker }).__gatehouseBreaker ??= { open: false, verifiedAt: 0 })

/** Set by db/client.ts when the database is opened: one cheap round trip (`select 1`). */
export function registerProbe(probe: (() => Promise<unknown>) | undefined): void {
  breaker.probe = probe
  breaker.open = false
}

/** True while the breaker is open: callers should answer 503 without touching the database. */
export function databaseKnownDown(): boolean {
  return breaker.open
}

/** True while the breaker is open or when it opened within the last `withinMs`: a failure seen
 * by a request that started just before the database came back still counts as an outage. */
export function databaseFailedRecently(withinMs: number): boolean {
  return breaker.open || Date.now() - (breaker.openedAt ?? 0) <= withinMs
}

/** The error to throw while the breaker is open. */
export function unavailable(): DatabaseUnavailableError {
  return new DatabaseUnavailableError()
}

/** Tell the breaker about a failed database call; connection failures open it. */
export function noteDatabaseError(error: unknown): void {
  if (isConnectionFailure(error) && !(error instanceof DatabaseUnavailableError)) trip()
}

function trip(): void {
  if (breaker.open || !breaker.probe) return
  breaker.open = true
  breaker.openedAt = Date.now()
  log.warn('database unreachable: answering 503 until it is back')
  scheduleProbe()
}

function scheduleProbe(): void {
  setTimeout(() => {
    void probeOnce().then((ok) => {
      if (ok) {
        breaker.open = false
        log.info('database reachable again')
      } else if (breaker.open) {
        scheduleProbe()
      }
    })
  }, PROBE_INTERVAL_MS).unref()
}

/** One probe at a time, however many callers ask; true when the database answered in time. */
function probeOnce(): Promise<boolean> {
  const probe = breaker.probe
  if (!probe) return Promise.resolve(true)
  breaker.inFlight ??= new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)
    probe().then(() => {
      clearTimeout(timer)
      breaker.verifiedAt = performance.now()
      resolve(true)
    }, () => {
      clearTimeout(timer)
      resolve(false)
    })
  }).finally(() => { breaker.inFlight = undefined })
  return breaker.inFlight
}

/**
 * For page requests, before any rendering starts: false when the database is known to be down,
 * or a probe (at most one in flight, none when one succeeded in the last VERIFIED_FRESH_MS)
 * fails or takes longer than PROBE_TIMEOUT_MS. A page answers a 503 then, never a 500 halfway.
 */
export async function databaseReachable(): Promise<boolean> {
  if (breaker.open) return false
  if (!breaker.probe || performance.now() - breaker.verifiedAt < VERIFIED_FRESH_MS) return true
  const ok = await probeOnce()
  if (!ok) trip()
  return ok
}
