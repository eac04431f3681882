// RFC 6750 bearer token use: Authorization header only (§2.1); never in a URL (OAuth 2.1 §7.1.3.7).
import type { Executor } from '@/db/client'
import { isAccessTokenRevoked } from '@/db/queries/grants'
import { OAuthError } from './errors'
import { verifyAccessToken, type AccessTokenClaims } from './tokens'

/** The token in `Authorization: Bearer …`; null when no credentials were sent at all (RFC 6750 §3.1). */
export function extractBearerToken(request: Request): string | null {
  if (new URL(request.url).searchParams.has('access_token')) {
    throw new OAuthError('invalid_request', 'Access tokens must not be sent in the URL')
  }
  const header = request.headers.get('authorization')
  if (!header) return null
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header)
  if (!match) throw new OAuthError('invalid_token', 'The Authorization header is not a bearer token')
  return match[1]
}

/** Verifies the token offline, then checks it has not been revoked (one primary-key lookup). */
export async function authenticateBearer(db: Executor, request: Request, now = new Date()): Promise<AccessTokenClaims | null> {
  const token = extractBearerToken(request)
  if (token === null) return null
  const claims = await verifyAccessToken(token, now)
  if (await isAccessTokenRevoked(db, claims.jti)) throw new OAuthError('invalid_token', 'The access token has been revoked')
  return claims
}
