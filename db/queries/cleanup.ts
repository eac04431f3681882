// Bounded deletes for the periodic cleanup (lib/cleanup.ts). Each call is one statement that
// removes at most `limit` rows picked by primary key, so no batch holds locks (or PGlite's one
// connection) for long, and several instances running it at once only ever delete a row once.
import { and, inArray, isNotNull, lt, notExists, or, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import {
  accessTokens, auditEvents, authorizationCodes, authorizationRequests, grants, rateLimits, refreshTokens, sessions,
} from '../schema'

export async function deleteExpiredAuthorizationCodesBatch(db: Executor, now: Date, limit: number): Promise<number> {
  const picked = db.select({ key: authorizationCodes.codeHash }).from(authorizationCodes).where(lt(authorizationCodes.expiresAt, now)).limit(limit)
  const rows = await db.delete(authorizationCodes).where(inArray(authorizationCodes.codeHash, picked)).returning({ key: authorizationCodes.codeHash })
  return rows.length
}

export async function deleteExpiredSessionsBatch(db: Executor, now: Date, limit: number): Promise<number> {
  const picked = db.select({ key: sessions.id }).from(sessions).where(lt(sessions.expiresAt, now)).limit(limit)
  const rows = await db.delete(sessions).where(inArray(sessions.id, picked)).returning({ key: sessions.id })
  return rows.length
}

/** Expired refresh tokens, and revoked ones (a revoked token is refused whether or not its row exists).
 * Rotated but live tokens stay: presenting one again is how replay is detected (RFC 9700 §4.14.2). */
export async function deleteDeadRefreshTokensBatch(db: Executor, now: Date, limit: number): Promise<number> {
  const picked = db.select({ key: refreshTokens.id }).from(refreshTokens)
    .where(or(lt(refreshTokens.expiresAt, now), and(isNotNull(refreshTokens.revokedAt), lt(refreshTokens.revokedAt, now)))).limit(limit)
  const rows = await db.delete(refreshTokens).where(inArray(refreshTokens.id, picked)).returning({ key: refreshTokens.id })
  return rows.length
}

/** The revocation list only matters until a token expires by itself. */
export async function deleteExpiredAccessTokensBatch(db: Executor, now: Date, limit: number): Promise<number> {
  const picked = db.select({ key: accessTokens.jti }).from(accessTokens).where(lt(accessTokens.expiresAt, now)).limit(limit)
  const rows = await db.delete(accessTokens).where(inArray(accessTokens.jti, picked)).returning({ key: accessTokens.jti })
  return rows.length
}

export async function deleteExpiredAuthorizationRequestsBatch(db: Executor, now: Date, limit: number): Promise<number> {
  const picked = db.select({ key: authorizationRequests.id }).from(authorizationRequests).where(lt(authorizationRequests.expiresAt, now)).limit(limit)
  const rows = await db.delete(authorizationRequests).where(inArray(authorizationRequests.id, picked)).returning({ key: authorizationRequests.id })
  return rows.length
}

/** Counters whose window started before `before` count as zero anyway (db/queries/rate-limits.ts). */
export async function deleteStaleRateLimitsBatch(db: Executor, before: Date, limit: number): Promise<number> {
  const picked = db.select({ key: rateLimits.key }).from(rateLimits).where(lt(rateLimits.windowStartedAt, before)).limit(limit)
  const rows = await db.delete(rateLimits).where(inArray(rateLimits.key, picked)).returning({ key: rateLimits.key })
  return rows.length
}

export async function deleteOldAuditEventsBatch(db: Executor, before: Date, limit: number): Promise<number> {
  const picked = db.select({ key: auditEvents.id }).from(auditEvents).where(lt(auditEvents.at, before)).limit(limit)
  const rows = await db.delete(auditEvents).where(inArray(auditEvents.id, picked)).returning({ key: auditEvents.id })
  return rows.length
}

/**
 * Revoked grants that nothing refers to any more. A grant row stays while any code, refresh
 * token or access token carries its id (deleting it would cascade to them), and live grants
 * always stay: they are what /account lists as connected apps.
 */
export async function deleteUnreferencedRevokedGrantsBatch(db: Executor, revokedBefore: Date, limit: number): Promise<number> {
  const unreferenced = (table: typeof authorizationCodes | typeof refreshTokens | typeof accessTokens) =>
    notExists(db.select({ one: sql`1` }).from(table).where(sql`${table.grantId} = ${grants.id}`))
  const picked = db.select({ key: grants.id }).from(grants)
    .where(and(isNotNull(grants.revokedAt), lt(grants.revokedAt, revokedBefore),
      unreferenced(authorizationCodes), unreferenced(refreshTokens), unreferenced(accessTokens)))
    .limit(limit)
  const rows = await db.delete(grants).where(and(inArray(grants.id, picked), isNotNull(grants.revokedAt))).returning({ key: grants.id })
  return rows.length
}
