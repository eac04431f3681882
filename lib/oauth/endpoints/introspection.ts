// POST /oauth/introspect: RFC 7662 token introspection, client-authenticated (§2.1).
// Rule: a client learns about its own tokens only. Gatehouse's access tokens are JWTs any
// resource server verifies with the JWKS; what introspection adds is revocation state, and a
// client asking about another client's tokens would learn who uses what (§4 privacy
// considerations). Everything else — expired, revoked, malformed, another client's, a disabled
// or deleted client or user — is `{"active": false}` and nothing more (§2.2).
import type { ProtocolRequest, ProtocolResponse } from '../../contract'
import type { Executor } from '@/db/client'
import type { Client } from '@/db/schema'
import { config } from '../../config'
import { jsonResponse, noStoreHeaders } from '../../http'
import { checkAccessTokenStatus, isClientToken } from '../tokens/bearer'
import { readClientRequest } from '../back-channel'
import { OAuthError } from '../errors'
import { identifyToken, TOKEN_LOOKUP_PARAMETERS } from '../tokens/identify'
import { accessTokenAudience } from '../tokens/access-token'
import { currentTime } from '../../clock'

export type IntrospectionResponse = { active: false } | {
  active: true
  scope: string
  client_id: string
  username?: string
  token_type: 'Bearer' | 'refresh_token'
  exp: number
  iat: number
  sub: string
  aud?: string
  iss: string
  jti?: string
}

const inactive = { active: false } as const

/** What `client` may learn about `value`. */
export async function introspectToken(db: Executor, client: Client, value: string, hint: string | undefined, now = currentTime()): Promise<IntrospectionResponse> {
  const found = await identifyToken(db, value, hint, now)
  if (!found) return inactive
  const issuer = config().ISSUER
  if (found.type === 'access_token') {
    const claims = found.claims
    if (claims.client_id !== client.id) return inactive
    let username: string | undefined
    try {
      // The status check covers a disabled or deleted user and carries the current username.
      const status = await checkAccessTokenStatus(db, claims)
      if (!isClientToken(claims)) username = status.username ?? undefined
    } catch {
      return inactive
    }
    return {
      active: true, scope: claims.scope, client_id: claims.client_id, ...(username ? { username } : {}), token_type: 'Bearer',
      exp: claims.exp, iat: claims.iat, sub: claims.sub, aud: accessTokenAudience(), iss: issuer, jti: claims.jti,
    }
  }
  const { record, grant, user } = found
  // A rotated-out refresh token is dead: presenting it at the token endpoint revokes the family.
  if (record.clientId !== client.id || record.revokedAt || record.rotatedAt || record.expiresAt <= now) return inactive
  if (grant.revokedAt) return inactive
  // A user's token dies with the user (gone or disabled); a token with no user has no username.
  if (record.userId !== null && (!user || user.disabledAt)) return inactive
  const username = user?.username
  return {
    active: true, scope: record.scope, client_id: record.clientId, ...(username ? { username } : {}),
    // Not an access token type (RFC 6749 §5.1): say what it is, so nobody takes it for a bearer token.
    token_type: 'refresh_token',
    exp: Math.floor(record.expiresAt.getTime() / 1000), iat: Math.floor(record.createdAt.getTime() / 1000),
    sub: record.userId ?? record.clientId, iss: issuer,
  }
}

/** @see https://www.rfc-editor.org/rfc/rfc7662#section-2 */
export async function handleIntrospectionRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const { db, params, client } = await readClientRequest(request, TOKEN_LOOKUP_PARAMETERS, 'introspection')
  // §2.1 requires authorization; a public client's client_id proves nothing.
  if (client.type !== 'confidential') throw new OAuthError('invalid_client', 'Public clients cannot use the introspection endpoint')
  if (!params.token) throw new OAuthError('invalid_request', 'The token parameter is required')
  return jsonResponse(await introspectToken(db, client, params.token, params.token_type_hint), { headers: noStoreHeaders })
}
