// Deletes what has expired: authorization codes, sessions, refresh tokens (expired or
// revoked), access-token revocation rows past expiry, stored authorization requests, stale rate
// limit counters, audit rows past AUDIT_RETENTION_DAYS, and revoked grants nothing refers to.
//
// Every batch is its own statement, never one transaction across batches: PGlite has one
// connection, and a long transaction would stall every request. The deletes are idempotent, so
// several instances may run this at the same time; each row is deleted once.
import type { Executor } from '@/db/client'
import { database } from '@/db/client'
import {
  deleteDeadRefreshTokensBatch, deleteExpiredAccessTokensBatch, deleteExpiredAuthorizationCodesBatch,
  deleteExpiredAuthorizationRequestsBatch, deleteExpiredEmailTokensBatch, deleteExpiredSessionsBatch, deleteOldAuditEventsBatch,
  deleteStaleRateLimitsBatch, deleteUnreferencedRevokedGrantsBatch,
} from '@/db/queries/cleanup'
import { config } from './config'
import { log } from './log'
import { currentTime, nowMs } from './clock'

export const CLEANUP_BATCH_SIZE = 1000
// A run stops after this many batches per kind and carries on at the next interval, so one run
// never monopolises the database however large the backlog.
export const CLEANUP_MAX_BATCHES = 100
// Revoked grants are kept a little while so a request that read the grant just before it was
// revoked fails on its own check, not on a missing row.
const REVOKED_GRANT_GRACE_MS = 60 * 60 * 1000

export interface CleanupOptions {
  now?: Date
  batchSize?: number
  maxBatches?: number
  /** Asked before each batch: true ends the pass early (a request's time is running out). */
  shouldStop?: () => boolean
}
export type CleanupReport = Record<string, number>

type BatchDelete = (db: Executor, cutoff: Date, limit: number) => Promise<number>

/** Runs one cleanup pass; answers how many rows of each kind it deleted. */
export async function runCleanup(db: Executor, options: CleanupOptions = {}): Promise<CleanupReport> {
  const now = options.now ?? currentTime()
  const batchSize = options.batchSize ?? CLEANUP_BATCH_SIZE
  const maxBatches = options.maxBatches ?? CLEANUP_MAX_BATCHES
  const settings = config()
  const day = 86_400_000
  // Codes first, then tokens: grants can only go once nothing refers to them.
  const kinds: [string, BatchDelete, Date][] = [
    ['authorization_codes', deleteExpiredAuthorizationCodesBatch, now],
    ['authorization_requests', deleteExpiredAuthorizationRequestsBatch, now],
    ['sessions', deleteExpiredSessionsBatch, now],
    ['refresh_tokens', deleteDeadRefreshTokensBatch, now],
    ['access_tokens', deleteExpiredAccessTokensBatch, now],
    ['email_tokens', deleteExpiredEmailTokensBatch, now],
    ['grants', deleteUnreferencedRevokedGrantsBatch, new Date(now.getTime() - REVOKED_GRANT_GRACE_MS)],
    // A counter goes once no window that may still count it is open (the mail window is longer).
    ['rate_limits', deleteStaleRateLimitsBatch, new Date(now.getTime() - Math.max(settings.RATE_LIMIT_WINDOW, settings.MAIL_RATE_LIMIT_WINDOW) * 1000)],
    ['audit_events', deleteOldAuditEventsBatch, new Date(now.getTime() - settings.AUDIT_RETENTION_DAYS * day)],
  ]
  const report: CleanupReport = {}
  for (const [name, remove, cutoff] of kinds) {
    let total = 0
    for (let batch = 0; batch < maxBatches; batch++) {
      if (options.shouldStop?.()) break
      const deleted = await remove(db, cutoff, batchSize)
      total += deleted
      if (deleted < batchSize) break
      // Let waiting requests through between batches.
      await new Promise((resolve) => setImmediate(resolve))
    }
    report[name] = total
  }
  return report
}

interface Schedule { timer?: ReturnType<typeof setInterval>; running?: boolean }
const holder = globalThis as unknown as { __gatehouseCleanup?: Schedule }

async function runScheduled(): Promise<void> {
  const state = (holder.__gatehouseCleanup ??= {})
  if (state.running) return // the previous pass is still going: skip this tick
  state.running = true
  const started = nowMs()
  try {
    const report = await runCleanup(await database())
    const deleted = Object.values(report).reduce((sum, value) => sum + value, 0)
    if (deleted > 0) log.info('cleanup done', { deleted: report, durationMs: nowMs() - started })
  } catch (error) {
    log.warn('cleanup failed', { error })
  } finally {
    state.running = false
  }
}

/** Runs a pass now and every CLEANUP_INTERVAL_SECONDS; the timer never keeps the process alive. */
export function startCleanupSchedule(): void {
  // With CRON_SECRET a scheduler calls GET /api/cleanup instead: a serverless function does not
  // live long enough for a timer, and each cold start would otherwise run a pass of its own.
  if (config().CRON_SECRET) return
  const state = (holder.__gatehouseCleanup ??= {})
  if (state.timer) return // once per process, even when a dev reload runs bootstrap again
  state.timer = setInterval(() => void runScheduled(), config().CLEANUP_INTERVAL_SECONDS * 1000)
  state.timer.unref()
  void runScheduled()
}

/** Stops this instance's periodic cleanup (a graceful stop). */
export function stopCleanupSchedule(): void {
  const state = holder.__gatehouseCleanup
  if (state?.timer) clearInterval(state.timer)
  if (state) state.timer = undefined
}
