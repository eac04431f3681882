// OAuth clients. Every change a developer makes names the owner in the WHERE clause, so a
// client id alone (from a URL or a hidden field) can never reach someone else's client.
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { preparedStatement } from '../prepared'
import { clients, type Client } from '../schema'

export type NewClient = typeof clients.$inferInsert
export type ClientChanges = Partial<Omit<NewClient, 'id' | 'ownerId' | 'createdAt' | 'secretHash' | 'passwordGrantEnabled' | 'firstParty'>>

export async function insertClient(db: Executor, values: NewClient): Promise<Client> {
  const [row] = await db.insert(clients).values(values).returning()
  return row
}

/** Any client by id, whoever owns it: for the protocol endpoints. */
export async function findClientById(db: Executor, id: string): Promise<Client | null> {
  const statement = preparedStatement(db, 'find_client_by_id', (handle) =>
    handle.select().from(clients).where(eq(clients.id, sql.placeholder('id'))).limit(1).prepare('find_client_by_id'))
  const [row] = await statement.execute({ id })
  return row ?? null
}

export async function findOwnedClient(db: Executor, ownerId: string, id: string): Promise<Client | null> {
  const [row] = await db.select().from(clients).where(and(eq(clients.id, id), eq(clients.ownerId, ownerId))).limit(1)
  return row ?? null
}

export async function listOwnedClients(db: Executor, ownerId: string): Promise<Client[]> {
  return db.select().from(clients).where(eq(clients.ownerId, ownerId)).orderBy(asc(clients.createdAt), asc(clients.id))
}

/** Null when no client with that id belongs to the owner. */
export async function updateOwnedClient(db: Executor, ownerId: string, id: string, changes: ClientChanges): Promise<Client | null> {
  const [row] = await db.update(clients).set({ ...changes, updatedAt: new Date() })
    .where(and(eq(clients.id, id), eq(clients.ownerId, ownerId))).returning()
  return row ?? null
}

/** Replaces the secret hash of a confidential client; the old secret stops working with this statement. */
export async function replaceOwnedClientSecretHash(db: Executor, ownerId: string, id: string, secretHash: string): Promise<Client | null> {
  const [row] = await db.update(clients).set({ secretHash, updatedAt: new Date() })
    .where(and(eq(clients.id, id), eq(clients.ownerId, ownerId), eq(clients.type, 'confidential'))).returning()
  return row ?? null
}

/** Deletes the client; codes, grants, tokens and consents go with it (ON DELETE CASCADE). */
export async function deleteOwnedClient(db: Executor, ownerId: string, id: string): Promise<Client | null> {
  const [row] = await db.delete(clients).where(and(eq(clients.id, id), eq(clients.ownerId, ownerId))).returning()
  return row ?? null
}

/** Any client by id (an administrator's change, or a self-registered client's own, RFC 7592). */
export async function updateClientById(db: Executor, id: string, changes: ClientChanges): Promise<Client | null> {
  const [row] = await db.update(clients).set({ ...changes, updatedAt: new Date() }).where(eq(clients.id, id)).returning()
  return row ?? null
}

export async function deleteClientById(db: Executor, id: string): Promise<Client | null> {
  const [row] = await db.delete(clients).where(eq(clients.id, id)).returning()
  return row ?? null
}
