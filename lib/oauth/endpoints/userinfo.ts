// GET/POST /oauth/userinfo (OIDC Core §5.3): the claims of the token's user, by scope (§5.4).
// The token comes in the Authorization header (RFC 6750 §2.1) or, for POST, the form body
// (§2.2), never both (RFC 6750 §2: "Clients MUST NOT use more than one method").
import type { ProtocolRequest, ProtocolResponse } from '../../contract'
import { database } from '@/db/client'
import { findUserById } from '@/db/queries/users'
import { isFormBody, jsonResponse, noStoreHeaders, readForm } from '../../http'
import { extractBearerToken, requireScope, verifyBearerToken } from '../tokens/bearer'
import { userClaims } from '../claims'
import { OAuthError, bearerErrorResponse } from '../errors'

async function presentedToken(request: ProtocolRequest): Promise<string | null> {
  const fromHeader = extractBearerToken(request)
  if (request.method !== 'POST' || !isFormBody(request)) return fromHeader
  const { access_token: fromBody } = await readForm(request, ['access_token'] as const)
  if (fromHeader !== null && fromBody !== undefined) throw new OAuthError('invalid_request', 'Send the access token in one place only')
  return fromHeader ?? fromBody ?? null
}

/** @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo */
export async function handleUserinfoRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const token = await presentedToken(request)
  if (token === null) return bearerErrorResponse(null)
  const db = await database()
  const claims = await verifyBearerToken(db, token)
  // OIDC Core §5.3: the UserInfo endpoint serves tokens obtained through an OpenID request only.
  requireScope(claims, 'openid')
  const user = await findUserById(db, claims.sub)
  if (!user || user.disabledAt) throw new OAuthError('invalid_token', 'The access token is invalid', 'user gone')
  const scopes = claims.scope.split(' ')
  return jsonResponse({ sub: user.id, ...userClaims(user, scopes) }, { headers: noStoreHeaders })
}
