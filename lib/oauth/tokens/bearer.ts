// RFC 6750 bearer token use: Authorization header (§2.1), or for a few endpoints the form body
// (§2.2); never in a URL (OAuth 2.1 §7.1.3.7).
import type { Executor } from '@/db/client'
import type { ProtocolRequest, ProtocolResponse } from '../../contract'
import type { AccessTokenStatus } from '@/db/queries/grants'
import { OAuthError, bearerErrorResponse, oauthErrorResponse } from '../errors'
import { loadAccessTokenStatus } from './access-token-status'
import { verifyAccessToken, type AccessTokenClaims } from './access-token'
import { currentTime } from '../../clock'

/** The token in `Authorization: Bearer …`; null when no credentials were sent at all (RFC 6750 §3.1). */
export function extractBearerToken(request: ProtocolRequest): string | null {
  // Only the query is parsed (this runs on every resource request), never the whole URL.
  const query = request.url.indexOf('?')
  if (query !== -1 && new URLSearchParams(request.url.slice(query + 1).split('#')[0]).has('access_token')) {
    throw new OAuthError('invalid_request', 'Access tokens must not be sent in the URL')
  }
  const header = request.headers.get('authorization')
  if (!header) return null
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header)
  if (!match) throw new OAuthError('invalid_token', 'The Authorization header is not a bearer token')
  return match[1]
}

/** True for a client_credentials token: its subject is the client itself. Client ids
 * (`gh_…`) and user ids (UUIDs) cannot collide (RFC 9700 §4.15). */
export function isClientToken(claims: AccessTokenClaims): boolean {
  return claims.sub === claims.client_id
}

/**
 * Beyond the signature, in one query by primary keys: the token has not been revoked (by jti, or
 * with its grant), its client still exists and is enabled, and for a user's token the user still
 * exists and is enabled. User tokens are always recorded at issue, so a missing record means it
 * was removed with its grant, client or user.
 */
export async function checkAccessTokenStatus(db: Executor, claims: AccessTokenClaims): Promise<AccessTokenStatus> {
  const status = await loadAccessTokenStatus(db, claims.jti, claims.client_id)
  if (status.revoked) throw new OAuthError('invalid_token', 'The access token has been revoked')
  if (!status.clientActive) throw new OAuthError('invalid_token', 'The access token is invalid', 'client deleted or disabled')
  if (!isClientToken(claims) && (!status.recorded || !status.userActive)) {
    throw new OAuthError('invalid_token', 'The access token is invalid', 'grant, user or record gone, or user disabled')
  }
  return status
}

/** Verifies the token offline (signature, issuer, audience, lifetime), then its status. */
export async function verifyBearerToken(db: Executor, token: string, now = currentTime()): Promise<AccessTokenClaims> {
  const claims = await verifyAccessToken(token, now)
  await checkAccessTokenStatus(db, claims)
  return claims
}

/** The verified claims of the request's bearer token; null when none was sent. */
export async function authenticateBearer(db: Executor, request: ProtocolRequest, now = currentTime()): Promise<AccessTokenClaims | null> {
  const token = extractBearerToken(request)
  if (token === null) return null
  return verifyBearerToken(db, token, now)
}

/** RFC 6750 §3.1 insufficient_scope (403) unless the token carries `scope`. */
export function requireScope(claims: AccessTokenClaims, scope: string): void {
  if (!claims.scope.split(' ').includes(scope)) {
    throw new OAuthError('insufficient_scope', `The access token lacks the ${scope} scope`)
  }
}

const bearerErrorCodes = new Set(['invalid_request', 'invalid_token', 'insufficient_scope'])

/** Token problems of a bearer-protected endpoint as an RFC 6750 §3 challenge; anything else
 * (database away, server error) as plain JSON. For protocolEndpoint's `render`. */
export function renderBearerError(error: OAuthError): ProtocolResponse {
  return bearerErrorCodes.has(error.code) ? bearerErrorResponse(error) : oauthErrorResponse(error)
}
