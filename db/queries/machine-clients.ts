// Machine clients: initial access tokens, self-registrations (and their verification),
// protected resources and the resource of each grant.
import { and, asc, desc, eq, gt, isNull, or } from 'drizzle-orm'
import type { Executor } from '../client'
import {
  clientRegistrations, clients, grantResources, initialAccessTokens, protectedResources,
  type Client, type ClientRegistration, type InitialAccessToken, type ProtectedResource,
} from '../schema'

export async function insertInitialAccessToken(db: Executor, values: typeof initialAccessTokens.$inferInsert): Promise<InitialAccessToken> {
  const [row] = await db.insert(initialAccessTokens).values(values).returning()
  return row
}

/** The token with this hash when it is neither revoked nor expired. */
export async function findUsableInitialAccessToken(db: Executor, tokenHash: string, now: Date): Promise<InitialAccessToken | null> {
  const [row] = await db.select().from(initialAccessTokens).where(and(
    eq(initialAccessTokens.tokenHash, tokenHash), isNull(initialAccessTokens.revokedAt),
    or(isNull(initialAccessTokens.expiresAt), gt(initialAccessTokens.expiresAt, now)),
  )).limit(1)
  return row ?? null
}

export async function listInitialAccessTokens(db: Executor): Promise<InitialAccessToken[]> {
  return db.select().from(initialAccessTokens).orderBy(desc(initialAccessTokens.createdAt)).limit(200)
}

export async function revokeInitialAccessToken(db: Executor, id: string, now: Date): Promise<InitialAccessToken | null> {
  const [row] = await db.update(initialAccessTokens).set({ revokedAt: now })
    .where(and(eq(initialAccessTokens.id, id), isNull(initialAccessTokens.revokedAt))).returning()
  return row ?? null
}

export async function insertClientRegistration(db: Executor, values: typeof clientRegistrations.$inferInsert): Promise<void> {
  await db.insert(clientRegistrations).values(values)
}

export async function findClientRegistration(db: Executor, clientId: string): Promise<ClientRegistration | null> {
  const [row] = await db.select().from(clientRegistrations).where(eq(clientRegistrations.clientId, clientId)).limit(1)
  return row ?? null
}

/** The self-registered client whose registration access token has this hash. */
export async function findClientByRegistrationToken(db: Executor, clientId: string, tokenHash: string): Promise<Client | null> {
  const [row] = await db.select({ client: clients }).from(clientRegistrations)
    .innerJoin(clients, eq(clients.id, clientRegistrations.clientId))
    .where(and(eq(clientRegistrations.clientId, clientId), eq(clientRegistrations.registrationTokenHash, tokenHash))).limit(1)
  return row?.client ?? null
}

export async function updateClientRegistration(db: Executor, clientId: string, values: Partial<typeof clientRegistrations.$inferInsert>): Promise<ClientRegistration | null> {
  const [row] = await db.update(clientRegistrations).set(values).where(eq(clientRegistrations.clientId, clientId)).returning()
  return row ?? null
}

export interface SelfRegisteredRow { client: Client; registration: ClientRegistration }

export async function listSelfRegisteredClients(db: Executor, limit: number): Promise<SelfRegisteredRow[]> {
  return db.select({ client: clients, registration: clientRegistrations }).from(clientRegistrations)
    .innerJoin(clients, eq(clients.id, clientRegistrations.clientId))
    .orderBy(desc(clientRegistrations.createdAt)).limit(limit)
}

export async function listProtectedResources(db: Executor): Promise<ProtectedResource[]> {
  return db.select().from(protectedResources).orderBy(asc(protectedResources.uri))
}

export async function findProtectedResource(db: Executor, uri: string): Promise<ProtectedResource | null> {
  const [row] = await db.select().from(protectedResources).where(eq(protectedResources.uri, uri)).limit(1)
  return row ?? null
}

/** Adds or replaces a resource's name and scopes. */
export async function upsertProtectedResource(db: Executor, values: typeof protectedResources.$inferInsert): Promise<void> {
  await db.insert(protectedResources).values(values)
    .onConflictDoUpdate({ target: protectedResources.uri, set: { name: values.name, scopes: values.scopes } })
}

export async function deleteProtectedResource(db: Executor, uri: string): Promise<boolean> {
  const rows = await db.delete(protectedResources).where(eq(protectedResources.uri, uri)).returning()
  return rows.length > 0
}

export async function insertGrantResource(db: Executor, grantId: string, resource: string): Promise<void> {
  await db.insert(grantResources).values({ grantId, resource })
}

export async function findGrantResource(db: Executor, grantId: string): Promise<string | null> {
  const [row] = await db.select().from(grantResources).where(eq(grantResources.grantId, grantId)).limit(1)
  return row?.resource ?? null
}
