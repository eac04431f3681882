// The audit trail (SPEC §5): every security event with time, actor, client, IP and user agent.
// Never a secret or token: details pass through the log redactor before they are stored.
import type { Executor } from '@/db/client'
import { insertAuditEvent } from '@/db/queries/audit'
import { redact } from './log'

export type AuditEventType =
  | 'user.signed_up' | 'user.login_succeeded' | 'user.login_failed' | 'user.logged_out'
  | 'user.username_changed' | 'user.email_changed' | 'user.password_changed' | 'user.session_revoked'
  | 'user.sessions_revoked' | 'user.deleted' | 'user.disabled' | 'user.enabled' | 'user.permissions_changed'
  | 'admin.created'
  | 'consent.granted' | 'consent.denied' | 'consent.revoked'
  | 'client.created' | 'client.updated' | 'client.deleted' | 'client.secret_rotated'
  | 'code.issued' | 'token.issued' | 'token.refreshed' | 'token.revoked' | 'token.password_grant'
  | 'refresh.reuse_detected' | 'code.reuse_detected' | 'key.rotated' | 'key.retired'

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

/** Writes one audit row; pass the transaction that makes the change so both commit together. */
export async function audit(db: Executor, entry: AuditEntry, context: RequestContext = {}): Promise<void> {
  await insertAuditEvent(db, {
    event: entry.event,
    actorUserId: entry.actorUserId ?? null,
    subjectUserId: entry.subjectUserId ?? entry.actorUserId ?? null,
    clientId: entry.clientId ?? null,
    ip: context.ip?.slice(0, 64) ?? null,
    userAgent: context.userAgent?.slice(0, 256) ?? null,
    details: entry.details ? (redact(entry.details) as Record<string, unknown>) : null,
  })
}
