import { and, desc, eq, or } from 'drizzle-orm'
import type { Executor } from '../client'
import { auditEvents } from '../schema'

export type AuditRow = typeof auditEvents.$inferSelect

export async function insertAuditEvent(db: Executor, values: typeof auditEvents.$inferInsert): Promise<void> {
  await db.insert(auditEvents).values(values)
}

/** A user's own security activity: what they did, and what was done to their account. */
export async function listUserAuditEvents(db: Executor, userId: string, limit: number): Promise<AuditRow[]> {
  return db.select().from(auditEvents)
    .where(or(eq(auditEvents.actorUserId, userId), eq(auditEvents.subjectUserId, userId)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(limit)
}

export async function listAuditEventsByType(db: Executor, event: string, clientId?: string): Promise<AuditRow[]> {
  return db.select().from(auditEvents)
    .where(clientId ? and(eq(auditEvents.event, event), eq(auditEvents.clientId, clientId)) : eq(auditEvents.event, event))
    .orderBy(desc(auditEvents.id)).limit(100)
}

/** Many rows in one statement (the batched writer of hot-path events). */
export async function insertAuditEvents(db: Executor, rows: (typeof auditEvents.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(auditEvents).values(rows)
}
