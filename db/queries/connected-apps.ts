// The clients a user has authorized: remembered consents, and grants still alive (first-party
// clients skip consent, so a grant is the only trace they leave).
import { and, eq, exists, gt, isNull, or } from 'drizzle-orm'
import type { Executor } from '../client'
import { accessTokens, clients, consents, grants, refreshTokens } from '../schema'

export interface ConsentedClientRow { clientId: string; clientName: string; scopes: string[]; createdAt: Date; updatedAt: Date }
export interface GrantedClientRow { clientId: string; clientName: string; scope: string; firstAt: Date; lastAt: Date }

export async function listConsentedClients(db: Executor, userId: string): Promise<ConsentedClientRow[]> {
  return db.select({ clientId: clients.id, clientName: clients.name, scopes: consents.scopes, createdAt: consents.createdAt, updatedAt: consents.updatedAt })
    .from(consents).innerJoin(clients, eq(clients.id, consents.clientId))
    .where(eq(consents.userId, userId))
}

/** One row per live grant: not revoked, and holding a usable refresh token or an unexpired,
 * unrevoked access token. Grants whose tokens all ran out are history, not a connection. */
export async function listLiveGrantClients(db: Executor, userId: string, now: Date): Promise<GrantedClientRow[]> {
  const liveRefresh = db.select({ id: refreshTokens.id }).from(refreshTokens).where(and(
    eq(refreshTokens.grantId, grants.id), isNull(refreshTokens.revokedAt), isNull(refreshTokens.rotatedAt), gt(refreshTokens.expiresAt, now)))
  const liveAccess = db.select({ jti: accessTokens.jti }).from(accessTokens).where(and(
    eq(accessTokens.grantId, grants.id), isNull(accessTokens.revokedAt), gt(accessTokens.expiresAt, now)))
  return db.select({ clientId: clients.id, clientName: clients.name, scope: grants.scope, firstAt: grants.createdAt, lastAt: grants.createdAt })
    .from(grants).innerJoin(clients, eq(clients.id, grants.clientId))
    .where(and(eq(grants.userId, userId), isNull(grants.revokedAt), or(exists(liveRefresh), exists(liveAccess))))
}
