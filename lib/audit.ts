// The audit trail: every security event with time, actor, client, IP and user agent.
// Never a secret or token: details pass through the log redactor before they are stored.
import type { Executor } from '@/db/client'
import { database } from '@/db/client'
import { insertAuditEvent, insertAuditEvents } from '@/db/queries/audit'
import type { auditEvents } from '@/db/schema'
import { log, redact } from './log'
import { currentTime } from './clock'

export type AuditEventType =
  | 'user.signed_up' | 'user.login_succeeded' | 'user.login_failed' | 'user.logged_out'
  | 'user.username_changed' | 'user.email_changed' | 'user.password_changed' | 'user.session_revoked'
  | 'user.sessions_revoked' | 'user.deleted' | 'user.disabled' | 'user.enabled' | 'user.permissions_changed'
  | 'admin.created' | 'user.password_reset' | 'scope.created' | 'scope.updated' | 'scope.deleted'
  | 'consent.granted' | 'consent.denied' | 'consent.revoked'
  | 'client.created' | 'client.updated' | 'client.deleted' | 'client.secret_rotated'
  | 'code.issued' | 'token.issued' | 'token.refreshed' | 'token.revoked' | 'token.password_grant'
  | 'refresh.reuse_detected' | 'code.reuse_detected' | 'key.rotated' | 'key.retired'
  | 'user.email_change_requested' | 'user.email_verified' | 'user.password_reset_requested' | 'policy.email_changed'
  | 'upstream.linked' | 'upstream.unlinked' | 'upstream.provider_created' | 'upstream.provider_updated' | 'upstream.provider_deleted'
  | 'factor.totp_enabled' | 'factor.totp_removed' | 'factor.recovery_codes_generated' | 'factor.recovery_code_used'
  | 'factor.passkey_added' | 'factor.passkey_removed' | 'factor.reset_by_admin'
  | 'user.second_factor_failed' | 'user.second_factor_succeeded' | 'user.passkey_login_succeeded' | 'user.passkey_login_failed'
  | 'client.verified' | 'initial_access_token.issued' | 'initial_access_token.revoked' | 'resource.saved' | 'resource.deleted'

/** Who did it and from where; taken from the request at the edge. */
export interface RequestContext {
  ip?: string | null
  userAgent?: string | null
}

export interface AuditEntry {
  event: AuditEventType
  actorUserId?: string | null
  subjectUserId?: string | null
  clientId?: string | null
  details?: Record<string, unknown>
}

/** The row an entry is stored as (redacted details, bounded lengths). For statements that write
 * their audit row themselves. */
export function auditRow(entry: AuditEntry, context: RequestContext, at?: Date): typeof auditEvents.$inferInsert {
  const row: typeof auditEvents.$inferInsert = {
    event: entry.event,
    actorUserId: entry.actorUserId ?? null,
    subjectUserId: entry.subjectUserId ?? entry.actorUserId ?? null,
    clientId: entry.clientId ?? null,
    ip: context.ip?.slice(0, 64) ?? null,
    userAgent: context.userAgent?.slice(0, 256) ?? null,
    details: entry.details ? (redact(entry.details) as Record<string, unknown>) : null,
  }
  if (at) row.at = at
  return row
}

/** Writes one audit row; pass the transaction that makes the change so both commit together.
 * Only the row: the function making the change clears the caches it affects after its commit. */
export async function audit(db: Executor, entry: AuditEntry, context: RequestContext = {}): Promise<void> {
  await insertAuditEvent(db, auditRow(entry, context))
}

// Events with no database change of their own to join (a client_credentials issuance) are
// written in batches: one INSERT per AUDIT_FLUSH_MS instead of one per request, so audit
// writes never serialise the hot path. A graceful stop flushes the batch (lib/shutdown.ts);
// a crash loses at most that window's rows. While the database is away a failed batch is kept
// and retried, up to AUDIT_QUEUE_MAX rows.
export const AUDIT_FLUSH_MS = 200
const AUDIT_BATCH_MAX = 500
const AUDIT_QUEUE_MAX = 20_000

interface AuditQueue {
  rows: (typeof auditEvents.$inferInsert)[]
  timer: NodeJS.Timeout | null
  /** Settles when the rows queued so far have been written (or given up on). */
  written: Promise<void> | null
  settle: (() => void) | null
  /** Keeps a request's function alive until its batch is written (Next's after(); see setAuditDeferral). */
  defer: ((work: () => Promise<void>) => void) | null
}

// On globalThis: the lean server's bundle and Next's bundles share one queue and one timer.
const queue = ((globalThis as unknown as { __gatehouseAudit?: AuditQueue }).__gatehouseAudit ??= { rows: [], timer: null, written: null, settle: null, defer: null })

/**
 * Where the host can keep work alive past the response: under `next start` or on a serverless
 * platform, Next's after() (injected from instrumentation.ts, so lib/ stays free of Next), so a
 * function frozen after its response still writes its batch. Null: the timer alone (lean server).
 */
export function setAuditDeferral(defer: ((work: () => Promise<void>) => void) | null): void {
  queue.defer = defer
}

export function auditSoon(entry: AuditEntry, context: RequestContext = {}): void {
  queue.rows.push(auditRow(entry, context, currentTime()))
  if (!queue.written) queue.written = new Promise<void>((resolve) => { queue.settle = resolve })
  const written = queue.written
  if (queue.rows.length >= AUDIT_BATCH_MAX) void flushAudit()
  else queue.timer ??= setTimeout(() => void flushAudit(), AUDIT_FLUSH_MS)
  if (queue.defer) {
    try {
      queue.defer(() => written)
    } catch {
      // Outside a request Next can defer (a lean-server request): the timer writes it.
    }
  }
}

/** Writes every queued row now (also used by tests and at shutdown). False when a batch failed
 * (its rows stay queued and are retried). */
export async function flushAudit(): Promise<boolean> {
  if (queue.timer) { clearTimeout(queue.timer); queue.timer = null }
  const settle = queue.settle
  queue.written = null
  queue.settle = null
  let ok = true
  while (queue.rows.length) {
    const batch = queue.rows.splice(0, AUDIT_BATCH_MAX)
    try {
      await insertAuditEvents(await database(), batch)
    } catch (error) {
      ok = false
      const kept = Math.max(0, Math.min(batch.length, AUDIT_QUEUE_MAX - queue.rows.length))
      queue.rows.unshift(...batch.slice(0, kept))
      log.error('audit batch write failed', { rows: batch.length, dropped: batch.length - kept, error })
      queue.timer ??= setTimeout(() => void flushAudit(), AUDIT_FLUSH_MS * 5)
      break
    }
  }
  settle?.()
  return ok
}
