// The audit log as the admin console reads it: filtered, paged, and counted per hour.
import { and, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../client'
import { auditEvents } from '../schema'
import type { AuditRow } from './audit'

export interface AuditFilter {
  event?: string
  /** Matches the actor or the subject of the event. */
  userId?: string
  clientId?: string
  from?: Date
  to?: Date
}

function conditions(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = []
  if (filter.event) parts.push(eq(auditEvents.event, filter.event))
  if (filter.userId) parts.push(or(eq(auditEvents.actorUserId, filter.userId), eq(auditEvents.subjectUserId, filter.userId))!)
  if (filter.clientId) parts.push(eq(auditEvents.clientId, filter.clientId))
  if (filter.from) parts.push(gte(auditEvents.at, filter.from))
  if (filter.to) parts.push(lt(auditEvents.at, filter.to))
  return parts.length ? and(...parts) : undefined
}

export async function searchAuditEvents(db: Executor, filter: AuditFilter, limit: number, offset: number): Promise<{ rows: AuditRow[]; total: number }> {
  const where = conditions(filter)
  const [rows, [totals]] = await Promise.all([
    db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(auditEvents).where(where),
  ])
  return { rows, total: totals.total }
}

export interface HourlyCount { hour: Date; event: string; count: number }

/** Events of the given types per hour since `since` (hours with none are absent). */
export async function countEventsPerHour(db: Executor, events: readonly string[], since: Date): Promise<HourlyCount[]> {
  // Hours since the epoch as an int: the same plain number from both drivers, no time-zone parsing.
  const hour = sql<number>`floor(extract(epoch from ${auditEvents.at}) / 3600)::int`
  const rows = await db.select({ hour, event: auditEvents.event, count: count() }).from(auditEvents)
    .where(and(inArray(auditEvents.event, [...events]), gte(auditEvents.at, since)))
    .groupBy(hour, auditEvents.event)
  return rows.map((row) => ({ hour: new Date(Number(row.hour) * 3_600_000), event: row.event, count: Number(row.count) }))
}
