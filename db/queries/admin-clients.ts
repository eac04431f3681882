// Every client, whoever owns it: only the admin console reads and changes clients this way.
import { and, asc, count, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../client'
import { clients, grants, users, type Client } from '../schema'
import { revokeGrant, type Grant } from './grants'

export interface AdminClientRow { client: Client; ownerUsername: string | null }

export async function listAllClients(db: Executor, limit: number, offset: number): Promise<{ rows: AdminClientRow[]; total: number }> {
  const [rows, [totals]] = await Promise.all([
    db.select({ client: clients, ownerUsername: users.username }).from(clients)
      .leftJoin(users, eq(users.id, clients.ownerId))
      .orderBy(asc(clients.createdAt), asc(clients.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(clients),
  ])
  return { rows, total: totals.total }
}

export type AdminClientChanges = Partial<Pick<Client, 'passwordGrantEnabled' | 'firstParty' | 'disabledAt'>>

/** Null when there is no such client. */
export async function updateClientAsAdmin(db: Executor, id: string, changes: AdminClientChanges): Promise<Client | null> {
  const [row] = await db.update(clients).set({ ...changes, updatedAt: new Date() }).where(eq(clients.id, id)).returning()
  return row ?? null
}

/** Revokes every live grant of a client (only those obtained through `grantType`, when given) and
 * everything issued under them; returns how many. */
export async function revokeClientGrants(db: Executor, clientId: string, now: Date, grantType?: Grant['grantType']): Promise<number> {
  const rows = await db.select({ id: grants.id }).from(grants)
    .where(and(eq(grants.clientId, clientId), isNull(grants.revokedAt), grantType ? eq(grants.grantType, grantType) : undefined))
  for (const row of rows) await revokeGrant(db, row.id, now)
  return rows.length
}
