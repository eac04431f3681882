// POST /oauth/token (RFC 6749 §3.2): form body only, one client authentication method,
// dispatch on grant_type, Cache-Control: no-store on every answer.
import type { ProtocolRequest, ProtocolResponse } from '../../contract'
import { peekPublishedKeys, loadPublishedKeys } from '../../keys/store'
import { readClientRequest } from '../back-channel'
import { OAuthError } from '../errors'
import { TOKEN_PARAMETERS } from '../grants/context'
import { grantHandlers } from '../grants'
import { tokenResponse } from '../tokens/issuance'
import { currentTime } from '../../clock'

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2 */
export async function handleTokenRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const { db, params, client, context } = await readClientRequest(request, TOKEN_PARAMETERS, 'token')
  const grantType = params.grant_type
  if (!grantType) throw new OAuthError('invalid_request', 'The grant_type parameter is required')
  const grant = Object.hasOwn(grantHandlers, grantType) ? grantHandlers[grantType] : undefined
  if (!grant) throw new OAuthError('unsupported_grant_type', 'The grant_type is not supported')
  // The password grant is gated by the admin-only flag, not by the developer-editable list.
  if (grantType !== 'password' && !client.grantTypes.includes(grantType)) {
    throw new OAuthError('unauthorized_client', 'The client is not allowed to use this grant type')
  }
  // Keys load outside any transaction: PGlite has one connection, so a key read from inside a
  // grant's transaction would wait on itself.
  if (!peekPublishedKeys()) await loadPublishedKeys()
  return tokenResponse(await grant({ db, client, params, request: context, now: currentTime() }))
}
