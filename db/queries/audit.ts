import { desc, eq, or, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { auditEvents } from '../schema'

export type AuditRow = typeof auditEvents.$inferSelect

export async function insertAuditEvent(db: Executor, values: typeof auditEvents.$inferInsert): Promise<void> {
  await db.insert(auditEvents).values(values)
}

/** A user's own security activity: what they did, and what was done to their account. */
export async function listUserAuditEvents(db: Executor, userId: string, limit: number, offset = 0): Promise<AuditRow[]> {
  return db.select().from(auditEvents)
    .where(or(eq(auditEvents.actorUserId, userId), eq(auditEvents.subjectUserId, userId)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(limit).offset(offset)
}

/** Many rows in one statement with one parameter (the batched writer of hot-path events): the
 * query builder's per-value work for hundreds of rows cost more than the insert itself. */
export async function insertAuditEvents(db: Executor, rows: (typeof auditEvents.$inferInsert)[]): Promise<void> {
  if (!rows.length) return
  const records = JSON.stringify(rows.map((row) => ({
    at: (row.at ?? new Date()).toISOString(), event: row.event, actor_user_id: row.actorUserId ?? null,
    subject_user_id: row.subjectUserId ?? null, client_id: row.clientId ?? null, ip: row.ip ?? null,
    user_agent: row.userAgent ?? null, details: row.details ?? null,
  })))
  await db.execute(sql`insert into audit_events (at, event, actor_user_id, subject_user_id, client_id, ip, user_agent, details)
    select at, event, actor_user_id, subject_user_id, client_id, ip, user_agent, details
    from jsonb_to_recordset(${records}::jsonb) as record(at timestamptz, event text, actor_user_id uuid, subject_user_id uuid, client_id text, ip text, user_agent text, details jsonb)`)
}
