// The audit log on /admin/audit: filters from the query string (event type, user, client, time
// range), parsed leniently — a bad value is ignored, never an error page — and paged.
import type { Database } from '@/db/client'
import { searchAuditEvents, type AuditFilter } from '@/db/queries/admin-audit'
import type { AuditRow } from '@/db/queries/audit'
import { findUserByUsername, findUsernames } from '@/db/queries/admin-users'
import type { AuditEventType } from '../audit'
import { pageNumber } from '../page-number'
import { withoutControlCharacters } from '../text'

export const AUDIT_EVENTS_PER_PAGE = 50

/** Every event type, for the filter's select (kept in step with AuditEventType by the compiler). */
const eventTypes: Record<AuditEventType, true> = {
  'user.signed_up': true, 'user.login_succeeded': true, 'user.login_failed': true, 'user.logged_out': true,
  'user.username_changed': true, 'user.email_changed': true, 'user.password_changed': true, 'user.password_reset': true,
  'user.session_revoked': true, 'user.sessions_revoked': true, 'user.deleted': true, 'user.disabled': true, 'user.enabled': true,
  'user.permissions_changed': true, 'admin.created': true, 'scope.created': true, 'scope.updated': true, 'scope.deleted': true,
  'consent.granted': true, 'consent.denied': true, 'consent.revoked': true,
  'client.created': true, 'client.updated': true, 'client.deleted': true, 'client.secret_rotated': true,
  'code.issued': true, 'token.issued': true, 'token.refreshed': true, 'token.revoked': true, 'token.password_grant': true,
  'refresh.reuse_detected': true, 'code.reuse_detected': true, 'key.rotated': true, 'key.retired': true,
  'user.email_change_requested': true, 'user.email_verified': true, 'user.password_reset_requested': true, 'policy.email_changed': true,
  'upstream.linked': true, 'upstream.unlinked': true, 'upstream.provider_created': true, 'upstream.provider_updated': true, 'upstream.provider_deleted': true,
  'factor.totp_enabled': true, 'factor.totp_removed': true, 'factor.recovery_codes_generated': true, 'factor.recovery_code_used': true,
  'factor.passkey_added': true, 'factor.passkey_removed': true, 'factor.reset_by_admin': true,
  'user.second_factor_failed': true, 'user.second_factor_succeeded': true, 'user.passkey_login_succeeded': true, 'user.passkey_login_failed': true,
  'client.verified': true, 'initial_access_token.issued': true, 'initial_access_token.revoked': true, 'resource.saved': true, 'resource.deleted': true,
}
export const AUDIT_EVENT_TYPES = Object.keys(eventTypes).sort() as AuditEventType[]

export interface AuditQuery { event: string; user: string; client: string; from: string; to: string; page: number }

export function readAuditQuery(params: Record<string, string | string[] | undefined>): AuditQuery {
  const text = (name: string) => {
    const value = params[name]
    return withoutControlCharacters(Array.isArray(value) ? value[0] : value ?? '').trim().slice(0, 254)
  }
  return { event: text('event'), user: text('user'), client: text('client'), from: text('from'), to: text('to'), page: pageNumber(text('page')) }
}

/** "2026-11-30 07:15" or "2026-11-30T07:15" (no zone) read as UTC, a bare date as its midnight
 * UTC, or an ISO time with its zone; null when unreadable. */
export function parseUtcTime(value: string): Date | null {
  if (!value) return null
  const isoValue = value.trim().replace(/^(\d{4}-\d\d-\d\d)(?: +|$)/, (_, day: string, offset: number, whole: string) => (whole.length > day.length ? `${day}T` : `${day}T00:00`))
  const withZone = /[zZ]|[+-]\d\d:\d\d$/.test(isoValue) ? isoValue : `${isoValue}Z`
  const date = new Date(withZone)
  return Number.isNaN(date.getTime()) ? null : date
}

export interface AuditPage { rows: AuditRow[]; total: number; page: number; pages: number; usernames: Map<string, string>; unknownUser: boolean }

export async function readAuditLog(db: Database, query: AuditQuery): Promise<AuditPage> {
  const filter: AuditFilter = {}
  if (query.event && query.event in eventTypes) filter.event = query.event
  if (query.client) filter.clientId = query.client
  filter.from = parseUtcTime(query.from) ?? undefined
  filter.to = parseUtcTime(query.to) ?? undefined
  let unknownUser = false
  if (query.user) {
    // A username, or the id of a deleted user (audit rows outlive accounts).
    const user = await findUserByUsername(db, query.user)
    if (user) filter.userId = user.id
    else if (/^[0-9a-f-]{36}$/i.test(query.user)) filter.userId = query.user
    else unknownUser = true
  }
  if (unknownUser) return { rows: [], total: 0, page: 1, pages: 1, usernames: new Map(), unknownUser }
  const { rows, total } = await searchAuditEvents(db, filter, AUDIT_EVENTS_PER_PAGE, (query.page - 1) * AUDIT_EVENTS_PER_PAGE)
  const ids = [...new Set(rows.flatMap((row) => [row.actorUserId, row.subjectUserId]).filter((id): id is string => Boolean(id)))]
  const usernames = await findUsernames(db, ids)
  return { rows, total, page: query.page, pages: Math.max(1, Math.ceil(total / AUDIT_EVENTS_PER_PAGE)), usernames, unknownUser }
}
