// GET /api/me: the token's user, with claims limited by the token's scopes (the same
// release rules as OIDC Core §5.4). A client_credentials token has no user: 403
// insufficient_scope (RFC 6750 §3.1), since no scope a client can hold reaches a user.
import type { ProtocolRequest, ProtocolResponse } from '../../contract'
import { database } from '@/db/client'
import { findUserById } from '@/db/queries/users'
import { jsonResponse, noStoreHeaders } from '../../http'
import { authenticateBearer, isClientToken } from '../tokens/bearer'
import { userClaims } from '../claims'
import { OAuthError, bearerErrorResponse } from '../errors'

export async function handleMeRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const db = await database()
  const claims = await authenticateBearer(db, request)
  if (!claims) return bearerErrorResponse(null)
  if (isClientToken(claims)) throw new OAuthError('insufficient_scope', 'This token was issued to a client, not on behalf of a user')
  const user = await findUserById(db, claims.sub)
  if (!user || user.disabledAt) throw new OAuthError('invalid_token', 'The access token is invalid', 'user gone')
  const scopes = claims.scope.split(' ')
  return jsonResponse({ sub: user.id, scope: claims.scope, client_id: claims.client_id, ...userClaims(user, scopes) }, { headers: noStoreHeaders })
}
