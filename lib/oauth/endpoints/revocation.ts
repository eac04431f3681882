// POST /oauth/revoke: RFC 7009 token revocation, client-authenticated (§2.1).
import type { ProtocolRequest, ProtocolResponse } from '../../contract'
import { revokeAccessToken, revokeGrant } from '@/db/queries/grants'
import { audit, type RequestContext } from '../../audit'
import { invalidateAfter } from '../../cache'
import { startNewRevocationEpoch } from '../tokens/access-token-status'
import { noStoreHeaders, stringResponse } from '../../response'
import type { Client } from '@/db/schema'
import type { Executor } from '@/db/client'
import { readClientRequest } from '../back-channel'
import { OAuthError } from '../errors'
import { identifyToken, TOKEN_LOOKUP_PARAMETERS, type PresentedToken } from '../tokens/identify'
import { currentTime } from '../../clock'

function issuedTo(found: PresentedToken): string {
  return found.type === 'access_token' ? found.claims.client_id : found.record.clientId
}

/**
 * Revokes `value` if it is a token issued to `client`. A refresh token takes its whole grant with
 * it (RFC 7009 §2.1: "SHOULD also invalidate all access tokens based on the same authorization
 * grant"); an access token is recorded as revoked by jti. Another client's token, an unknown,
 * expired or malformed one: nothing happens, and the caller cannot tell (§2.2).
 * @returns whether something was revoked
 */
export async function revokeToken(db: Executor, client: Client, value: string, hint: string | undefined, context: RequestContext, now = currentTime()): Promise<boolean> {
  const found = await identifyToken(db, value, hint, now)
  // §2.1: "The authorization server first validates the client credentials ... and then verifies
  // whether the token was issued to the client making the revocation request."
  if (!found || issuedTo(found) !== client.id) return false
  await invalidateAfter(db.transaction(async (tx) => {
    if (found.type === 'refresh_token') {
      await revokeGrant(tx, found.record.grantId, now)
    } else {
      await revokeAccessToken(tx, { jti: found.claims.jti, clientId: client.id, expiresAt: new Date(found.claims.exp * 1000) }, now)
    }
    const subjectUserId = found.type === 'refresh_token' ? found.record.userId : found.claims.sub === client.id ? null : found.claims.sub
    await audit(tx, { event: 'token.revoked', subjectUserId, clientId: client.id, details: { kind: found.type } }, context)
  }), startNewRevocationEpoch)
  return true
}

/** @see https://www.rfc-editor.org/rfc/rfc7009#section-2 */
export async function handleRevocationRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const { db, params, client, context } = await readClientRequest(request, TOKEN_LOOKUP_PARAMETERS, 'revocation')
  if (!params.token) throw new OAuthError('invalid_request', 'The token parameter is required')
  await revokeToken(db, client, params.token, params.token_type_hint, context)
  // §2.2: 200 whether or not the token was valid; "the content of the response body is ignored".
  return stringResponse('', { status: 200, headers: noStoreHeaders })
}
