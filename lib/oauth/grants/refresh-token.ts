// RFC 6749 §6 with rotation on every use and replay detection (RFC 9700 §4.14.2, OAuth 2.1 §4.3.1).
import { findRefreshTokenWithGrant, markRefreshTokenRotated, revokeGrant } from '@/db/queries/grants'
import { audit } from '../../audit'
import { sha256 } from '../../crypto'
import { OAuthError } from '../errors'
import { issueRefreshToken, issueTokens } from '../issuance'
import { splitScope } from '../scope-policy'
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

  return db.transaction(async (tx) => {
    const rotated = await markRefreshTokenRotated(tx, token.id, now)
    if (!rotated) {
      // Lost a race with a concurrent use of the same token: tokens are issued at most once.
      throw invalid('refresh token raced')
    }
    // No new ID token (OIDC Core §12.2 allows that): its claims have not changed, and RS256
    // signing was measured as the largest cost of a refresh.
    const body = await issueTokens(tx, {
      client, user, scope, grantId: grant.id, authTime: grant.authTime, now, refreshToken: false, idToken: false,
    })
    // The new refresh token keeps the original scope (RFC 6749 §6), not the narrowed one.
    body.refresh_token = await issueRefreshToken(tx, { grantId: grant.id, clientId: client.id, userId: token.userId, scope: token.scope, now })
    await audit(tx, { event: 'token.refreshed', actorUserId: token.userId, clientId: client.id, details: { scope: body.scope } }, request)
    return body
  })

  async function revokeFamily(grantId: string, reason: string): Promise<void> {
    await db.transaction(async (tx) => {
      await revokeGrant(tx, grantId, now)
      await audit(tx, { event: 'refresh.reuse_detected', actorUserId: token.userId, clientId: client.id, details: { grant_id: grantId, reason } }, request)
    })
  }
}
