// Audit rows of one event type (and client), newest first: through the admin console's search.
import type { Executor } from '@/db/client'
import { searchAuditEvents } from '@/db/queries/admin-audit'
import type { AuditRow } from '@/db/queries/audit'

export async function auditEventsOfType(db: Executor, event: string, clientId?: string): Promise<AuditRow[]> {
  return (await searchAuditEvents(db, { event, clientId }, 100, 0)).rows
}
