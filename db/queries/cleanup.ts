// Bounded deletes for the periodic cleanup (lib/cleanup.ts). Each call is one statement that
// removes at most `limit` rows picked by primary key, so no batch holds locks (or PGlite's one
// connection) for long, and several instances running it at once only ever delete a row once.
import { and, inArray, isNotNull, lt, notExists, or, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Executor } from '../client'
import {
  accessTokens, auditEvents, authorizationCodes, authorizationRequests, emailTokens, grants, rateLimits, refreshTokens, sessions,
} from '../schema'

/** Deletes at most `limit` rows of `table` matching `condition`, picked by their key column. */
async function deleteBatch(db: Executor, table: PgTable, key: PgColumn, condition: SQL | undefined, limit: number): Promise<number> {
  const picked = db.select({ key }).from(table).where(condition).limit(limit)
  const rows = await db.delete(table).where(inArray(key, picked)).returning({ key })
  return rows.length
}

export async function deleteExpiredAuthorizationCodesBatch(db: Executor, now: Date, limit: number): Promise<number> {
  return deleteBatch(db, authorizationCodes, authorizationCodes.codeHash, lt(authorizationCodes.expiresAt, now), limit)
}

export async function deleteExpiredSessionsBatch(db: Executor, now: Date, limit: number): Promise<number> {
  return deleteBatch(db, sessions, sessions.id, lt(sessions.expiresAt, now), limit)
}

/** Expired refresh tokens, and revoked ones (a revoked token is refused whether or not its row exists).
 * Rotated but live tokens stay: presenting one again is how replay is detected (RFC 9700 §4.14.2). */
export async function deleteDeadRefreshTokensBatch(db: Executor, now: Date, limit: number): Promise<number> {
  return deleteBatch(db, refreshTokens, refreshTokens.id, or(lt(refreshTokens.expiresAt, now), and(isNotNull(refreshTokens.revokedAt), lt(refreshTokens.revokedAt, now))), limit)
}

/** The revocation list only matters until a token expires by itself. */
export async function deleteExpiredAccessTokensBatch(db: Executor, now: Date, limit: number): Promise<number> {
  return deleteBatch(db, accessTokens, accessTokens.jti, lt(accessTokens.expiresAt, now), limit)
}

/** Mailed links past their expiry, used or not. */
export async function deleteExpiredEmailTokensBatch(db: Executor, now: Date, limit: number): Promise<number> {
  return deleteBatch(db, emailTokens, emailTokens.tokenHash, lt(emailTokens.expiresAt, now), limit)
}

export async function deleteExpiredAuthorizationRequestsBatch(db: Executor, now: Date, limit: number): Promise<number> {
  return deleteBatch(db, authorizationRequests, authorizationRequests.id, lt(authorizationRequests.expiresAt, now), limit)
}

/** Counters whose window started before `before` count as zero anyway (db/queries/rate-limits.ts). */
export async function deleteStaleRateLimitsBatch(db: Executor, before: Date, limit: number): Promise<number> {
  return deleteBatch(db, rateLimits, rateLimits.key, lt(rateLimits.windowStartedAt, before), limit)
}

export async function deleteOldAuditEventsBatch(db: Executor, before: Date, limit: number): Promise<number> {
  return deleteBatch(db, auditEvents, auditEvents.id, lt(auditEvents.at, before), limit)
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
