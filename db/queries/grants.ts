import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import type { Executor, Transaction } from '../client'
import { preparedStatement } from '../prepared'
import { executeRows } from '../rows'
import { accessTokens, auditEvents, authorizationCodes, clients, grants, refreshTokens, users, type AuthorizationCode, type RefreshToken } from '../schema'

export type Grant = typeof grants.$inferSelect

export async function insertGrant(db: Executor, values: typeof grants.$inferInsert): Promise<Grant> {
  const [row] = await db.insert(grants).values(values).returning()
  return row
}

export async function findGrant(db: Executor, id: string): Promise<Grant | null> {
  const [row] = await db.select().from(grants).where(eq(grants.id, id)).limit(1)
  return row ?? null
}

/** Revokes a grant and everything issued under it: refresh tokens and access tokens (by jti). */
export async function revokeGrant(db: Executor, grantId: string, now: Date): Promise<void> {
  await db.update(grants).set({ revokedAt: now }).where(and(eq(grants.id, grantId), isNull(grants.revokedAt)))
  await db.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.grantId, grantId), isNull(refreshTokens.revokedAt)))
  await db.update(accessTokens).set({ revokedAt: now }).where(and(eq(accessTokens.grantId, grantId), isNull(accessTokens.revokedAt)))
}

/** Every live grant of a user to a client (consent revocation, account changes). */
export async function revokeUserClientGrants(db: Executor, userId: string, clientId: string, now: Date): Promise<number> {
  const rows = await db.select({ id: grants.id }).from(grants)
    .where(and(eq(grants.userId, userId), eq(grants.clientId, clientId), isNull(grants.revokedAt)))
  for (const row of rows) await revokeGrant(db, row.id, now)
  return rows.length
}

export async function revokeUserGrants(db: Executor, userId: string, now: Date): Promise<void> {
  const rows = await db.select({ id: grants.id }).from(grants).where(and(eq(grants.userId, userId), isNull(grants.revokedAt)))
  for (const row of rows) await revokeGrant(db, row.id, now)
}

// Authorization codes

export async function insertAuthorizationCode(db: Executor, values: typeof authorizationCodes.$inferInsert): Promise<void> {
  await db.insert(authorizationCodes).values(values)
}

export async function findAuthorizationCode(db: Executor, codeHash: string): Promise<AuthorizationCode | null> {
  const [row] = await db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, codeHash)).limit(1)
  return row ?? null
}

/** Single use: one conditional UPDATE … RETURNING; null when someone consumed it first. */
export async function consumeAuthorizationCode(db: Executor, codeHash: string, now: Date): Promise<AuthorizationCode | null> {
  const [row] = await db.update(authorizationCodes).set({ consumedAt: now })
    .where(and(eq(authorizationCodes.codeHash, codeHash), isNull(authorizationCodes.consumedAt)))
    .returning()
  return row ?? null
}

// Refresh tokens

export async function insertRefreshToken(db: Executor, values: typeof refreshTokens.$inferInsert): Promise<void> {
  await db.insert(refreshTokens).values(values)
}

/** A refresh token with its grant and user in one round trip (the refresh grant's hot path). */
export async function findRefreshTokenWithGrant(db: Executor, tokenHash: string): Promise<{ token: RefreshToken; grant: Grant; user: typeof users.$inferSelect | null } | null> {
  const statement = preparedStatement(db, 'find_refresh_token_with_grant', (handle) =>
    handle.select({ token: refreshTokens, grant: grants, user: users }).from(refreshTokens)
      .innerJoin(grants, eq(grants.id, refreshTokens.grantId))
      .leftJoin(users, eq(users.id, refreshTokens.userId))
      .where(eq(refreshTokens.tokenHash, sql.placeholder('tokenHash'))).limit(1)
      .prepare('find_refresh_token_with_grant'))
  const [row] = await statement.execute({ tokenHash })
  return row ?? null
}

/** What a refresh writes: the new access token's record, the successor refresh token, the audit row. */
export interface RotationWrites {
  now: Date
  accessToken: typeof accessTokens.$inferInsert & { grantId: string }
  successor: typeof refreshTokens.$inferInsert
  audit: typeof auditEvents.$inferInsert
}

export interface RefreshRotation extends RotationWrites {
  /** The presented refresh token, rotated out only if nobody rotated or revoked it first. */
  presentedId: string
}

/**
 * A refresh in one statement (one round trip instead of a transaction of six): rotate the
 * presented token out, and — only if that update took — record the new access token, store
 * the successor refresh token and write the audit row. False when the presented token was
 * rotated or revoked meanwhile (a replay or a race): then nothing at all is written.
 */
export async function rotateRefreshToken(db: Executor, rotation: RefreshRotation): Promise<boolean> {
  const at = rotation.now.toISOString()
  return writeRotation(db, sql`
    update refresh_tokens set rotated_at = ${at}::timestamptz
    where id = ${rotation.presentedId}::uuid and rotated_at is null and revoked_at is null
    returning id`, rotation)
}

/** Stores a successor for a token rotated earlier (a retry within the grace period); the caller
 * holds the locks of lockRotatedRefreshToken and has superseded the previous successor. */
export async function storeGraceSuccessor(tx: Transaction, writes: RotationWrites): Promise<void> {
  await writeRotation(tx, sql`select 1`, writes)
}

// The writes of a refresh, made only when `gate` yields a row: all of them or none, in one statement.
async function writeRotation(db: Executor, gate: SQL, writes: RotationWrites): Promise<boolean> {
  const { accessToken: access, successor, audit } = writes
  const at = writes.now.toISOString()
  const [row] = await executeRows<{ rotated: number }>(db, sql`
    with gate as (${gate}), recorded as (
      insert into access_tokens (jti, grant_id, client_id, user_id, expires_at)
      select ${access.jti}, ${access.grantId}::uuid, ${access.clientId}, ${access.userId ?? null}::uuid, ${access.expiresAt.toISOString()}::timestamptz from gate
    ), stored as (
      insert into refresh_tokens (token_hash, grant_id, client_id, user_id, scope, parent_id, expires_at, created_at)
      select ${successor.tokenHash}, ${successor.grantId}::uuid, ${successor.clientId}, ${successor.userId ?? null}::uuid, ${successor.scope},
        ${successor.parentId ?? null}::uuid, ${successor.expiresAt.toISOString()}::timestamptz, ${at}::timestamptz from gate
    ), audited as (
      insert into audit_events (at, event, actor_user_id, subject_user_id, client_id, ip, user_agent, details)
      select ${at}::timestamptz, ${audit.event}, ${audit.actorUserId ?? null}::uuid, ${audit.subjectUserId ?? null}::uuid, ${audit.clientId ?? null},
        ${audit.ip ?? null}, ${audit.userAgent ?? null}, ${audit.details ? JSON.stringify(audit.details) : null}::jsonb from gate
    )
    select count(*)::int as rotated from gate`)
  return Number(row?.rotated ?? 0) === 1
}

export interface LockedRefreshToken { grantRevoked: boolean; rotatedAt: Date | null; revokedAt: Date | null }

/**
 * Locks a grant, then one of its refresh tokens, for the rest of the transaction and reads their
 * current state. Grant first, as revokeGrant does, so the two never deadlock; FOR NO KEY UPDATE
 * so the family's other rotations (which only take a key-share lock on the grant) go on.
 * Null when the token is gone.
 */
export async function lockRotatedRefreshToken(tx: Transaction, grantId: string, tokenId: string): Promise<LockedRefreshToken | null> {
  const [grant] = await tx.select({ revokedAt: grants.revokedAt }).from(grants).where(eq(grants.id, grantId)).for('no key update')
  const [token] = await tx.select({ rotatedAt: refreshTokens.rotatedAt, revokedAt: refreshTokens.revokedAt })
    .from(refreshTokens).where(eq(refreshTokens.id, tokenId)).for('update')
  if (!token) return null
  return { grantRevoked: !grant || grant.revokedAt !== null, rotatedAt: token.rotatedAt, revokedAt: token.revokedAt }
}

/** Revokes the successors of `parentId` that were never used; waits for any rotation of them in flight. */
export async function supersedeUnusedSuccessors(tx: Transaction, parentId: string, now: Date): Promise<number> {
  const rows = await tx.update(refreshTokens).set({ revokedAt: now })
    .where(and(eq(refreshTokens.parentId, parentId), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id })
  return rows.length
}

/** Whether a successor of `parentId` has been used (rotated) — a separate statement after
 * supersedeUnusedSuccessors, so that it sees a rotation that update had to wait for. */
export async function successorWasUsed(tx: Transaction, parentId: string): Promise<boolean> {
  const [row] = await tx.select({ id: refreshTokens.id }).from(refreshTokens)
    .where(and(eq(refreshTokens.parentId, parentId), isNotNull(refreshTokens.rotatedAt))).limit(1)
  return row !== undefined
}

// Access tokens (recorded by jti so that revocation can reach a self-contained JWT)

export async function recordAccessToken(db: Executor, values: typeof accessTokens.$inferInsert): Promise<void> {
  await db.insert(accessTokens).values(values)
}

/** What a resource endpoint needs to know beyond the signature, in one query keyed by primary keys:
 * the client (absent = deleted), the token's record (absent = never recorded, or cascaded away with
 * its grant, client or user) and the user's state. */
export interface AccessTokenStatus {
  clientActive: boolean
  recorded: boolean
  revoked: boolean
  userActive: boolean
  /** The token's user's current username (introspection reports it); null for client tokens. */
  username: string | null
}

export async function findAccessTokenStatus(db: Executor, jti: string, clientId: string): Promise<AccessTokenStatus> {
  const statement = preparedStatement(db, 'find_access_token_status', (handle) => handle.select({
    clientDisabledAt: clients.disabledAt,
    jti: accessTokens.jti,
    revokedAt: accessTokens.revokedAt,
    userId: users.id,
    userDisabledAt: users.disabledAt,
    username: users.username,
  }).from(clients)
    .leftJoin(accessTokens, and(eq(accessTokens.jti, sql.placeholder('jti')), eq(accessTokens.clientId, clients.id)))
    .leftJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(clients.id, sql.placeholder('clientId')))
    .limit(1)
    .prepare('find_access_token_status'))
  const [row] = await statement.execute({ jti, clientId })
  if (!row) return { clientActive: false, recorded: false, revoked: false, userActive: false, username: null }
  return {
    clientActive: !row.clientDisabledAt,
    recorded: row.jti !== null,
    revoked: Boolean(row.revokedAt),
    userActive: row.userId !== null && !row.userDisabledAt,
    username: row.username,
  }
}

/** Revokes one access token by jti, recording it if it was never recorded (client credentials). */
export async function revokeAccessToken(db: Executor, values: { jti: string; clientId: string; expiresAt: Date }, now: Date): Promise<void> {
  await db.insert(accessTokens).values({ ...values, revokedAt: now })
    .onConflictDoUpdate({ target: accessTokens.jti, set: { revokedAt: sql`coalesce(${accessTokens.revokedAt}, ${now.toISOString()}::timestamptz)` } })
}

