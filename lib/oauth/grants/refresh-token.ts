// RFC 6749 §6 with rotation on every use and replay detection (RFC 9700 §4.14.2, OAuth 2.1 §4.3.1).
import { findRefreshTokenWithGrant, revokeGrant, rotateRefreshToken } from '@/db/queries/grants'
import { audit, auditRow } from '../../audit'
import { sha256 } from '../../crypto'
import { OAuthError } from '../errors'
import { accessTokenBody, newRefreshToken } from '../issuance'
import { splitScope } from '../scope-policy'
import { mintAccessToken } from '../tokens'
import type { GrantHandler } from './context'

export const refreshTokenGrant: GrantHandler = async ({ db, client, params, request, now }) => {
  if (!params.refresh_token) throw new OAuthError('invalid_request', 'The refresh_token parameter is required')
  const invalid = (detail: string) => new OAuthError('invalid_grant', 'The refresh token is invalid, expired or revoked', detail)
  const found = await findRefreshTokenWithGrant(db, sha256(params.refresh_token))
  if (!found) throw invalid('unknown refresh token')
  const { token, grant, user } = found
  // Bound to its client (OAuth 2.1 §4.3.1): another client's token is just invalid.
  if (token.clientId !== client.id) throw invalid('refresh token of another client')
  if (token.revokedAt) throw invalid('refresh token revoked')
  if (token.rotatedAt) {
    await revokeFamily(token.grantId, 'refresh token replayed')
    throw invalid('refresh token replayed')
  }
  if (token.expiresAt <= now) throw invalid('refresh token expired')

  // Narrowing only (RFC 6749 §6): every requested scope must be in the original grant.
  const original = token.scope.split(' ')
  const requested = splitScope(params.scope)
  if (requested.some((scope) => !original.includes(scope))) throw new OAuthError('invalid_scope', 'The requested scope exceeds the original grant')
  const scope = requested.length ? requested : original

  if (grant.revokedAt) throw invalid('grant revoked')
  if (token.userId && (!user || user.disabledAt)) throw invalid('user gone or disabled')

  // No new ID token (OIDC Core §12.2 allows that): its claims have not changed, and RS256
  // signing was measured as the largest cost of a refresh.
  const grantedScope = scope.join(' ')
  const access = await mintAccessToken({ subject: user?.id ?? client.id, clientId: client.id, scope: grantedScope, authTime: grant.authTime, now })
  // The new refresh token keeps the original scope (RFC 6749 §6), not the narrowed one.
  const successor = newRefreshToken({ grantId: grant.id, clientId: client.id, userId: token.userId, scope: token.scope, now })
  // One statement: rotate out, record the access token, store the successor, audit — all or nothing.
  const rotated = await rotateRefreshToken(db, {
    presentedId: token.id,
    now,
    accessToken: { jti: access.jti, grantId: grant.id, clientId: client.id, userId: user?.id ?? null, expiresAt: access.expiresAt },
    successor: successor.row,
    audit: auditRow({ event: 'token.refreshed', actorUserId: token.userId, clientId: client.id, details: { scope: grantedScope } }, request, now),
  })
  // Lost a race with a concurrent use of the same token: tokens are issued at most once (the
  // access token just minted was never recorded, so no resource endpoint would accept it).
  if (!rotated) throw invalid('refresh token raced')
  return { ...accessTokenBody(access, grantedScope), refresh_token: successor.token }

  async function revokeFamily(grantId: string, reason: string): Promise<void> {
    await db.transaction(async (tx) => {
      await revokeGrant(tx, grantId, now)
      await audit(tx, { event: 'refresh.reuse_detected', actorUserId: token.userId, clientId: client.id, details: { grant_id: grantId, reason } }, request)
    })
  }
}
