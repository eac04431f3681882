// Refresh-token fixtures: the grant handler called with an injected clock, and the family's
// state read straight from the database.
import { and, eq, gt, isNull } from 'drizzle-orm'
import { database } from '@/db/client'
import { findRefreshTokenWithGrant } from '@/db/queries/grants'
import { grants, refreshTokens, type Client } from '@/db/schema'
import { sha256 } from '@/lib/crypto'
import { OAuthError } from '@/lib/oauth/errors'
import { refreshTokenGrant } from '@/lib/oauth/grants/refresh-token'
import type { TokenResponseBody } from '@/lib/oauth/tokens/issuance'

export type RefreshOutcome = { body: TokenResponseBody; error?: undefined } | { body?: undefined; error: OAuthError }

/** A refresh as the token endpoint runs it, at `now` instead of the wall clock. */
export async function refreshAt(client: Client, refreshToken: string, now: Date, scope?: string): Promise<RefreshOutcome> {
  const db = await database()
  try {
    const params = { grant_type: 'refresh_token', refresh_token: refreshToken, ...(scope ? { scope } : {}) }
    return { body: await refreshTokenGrant({ db, client, params, request: {}, now }) }
  } catch (error) {
    if (error instanceof OAuthError) return { error }
    throw error
  }
}

export function secondsAfter(start: Date, seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000)
}

/** The grant a refresh token belongs to. */
export async function grantOf(refreshToken: string): Promise<typeof grants.$inferSelect> {
  const found = await findRefreshTokenWithGrant(await database(), sha256(refreshToken))
  if (!found) throw new Error('unknown refresh token')
  return found.grant
}

/** Refresh tokens of the grant that could still be exchanged at `now`. */
export async function usableRefreshTokens(grantId: string, now: Date): Promise<number> {
  const rows = await (await database()).select({ id: refreshTokens.id }).from(refreshTokens).where(and(
    eq(refreshTokens.grantId, grantId), isNull(refreshTokens.revokedAt), isNull(refreshTokens.rotatedAt), gt(refreshTokens.expiresAt, now)))
  return rows.length
}
