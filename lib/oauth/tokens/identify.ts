// Working out what a token sent to /oauth/revoke or /oauth/introspect is. RFC 7009 §2.1 and
// RFC 7662 §2.1: token_type_hint is only a hint: the server looks the token up as the hinted
// type first and, if not found, as the other type. Unknown hints are ignored (RFC 7009 §2.2.1
// allows unsupported_token_type, but a hint that names nothing we issue simply helps nothing).
import type { Executor } from '@/db/client'
import { findRefreshTokenWithGrant, type Grant } from '@/db/queries/grants'
import type { RefreshToken, User } from '@/db/schema'
import { sha256 } from '../../crypto'
import { verifyAccessToken, type AccessTokenClaims } from './access-token'

export type PresentedToken =
  | { type: 'access_token'; claims: AccessTokenClaims }
  | { type: 'refresh_token'; record: RefreshToken; grant: Grant; user: User | null }

export const TOKEN_LOOKUP_PARAMETERS = ['token', 'token_type_hint', 'client_id', 'client_secret'] as const

async function asAccessToken(value: string, now: Date): Promise<PresentedToken | null> {
  try {
    // Signature, issuer, audience, lifetime: an expired or forged JWT is no token of ours.
    return { type: 'access_token', claims: await verifyAccessToken(value, now) }
  } catch {
    return null
  }
}

async function asRefreshToken(db: Executor, value: string): Promise<PresentedToken | null> {
  // Refresh tokens are 43 base64url characters; anything far off is not worth a query.
  if (value.length > 256) return null
  // With its grant and user in the same round trip: introspection needs both.
  const found = await findRefreshTokenWithGrant(db, sha256(value))
  return found ? { type: 'refresh_token', record: found.token, grant: found.grant, user: found.user } : null
}

/** The token as one of ours, whatever its state, or null when it is neither type. */
export async function identifyToken(db: Executor, value: string, hint: string | undefined, now: Date): Promise<PresentedToken | null> {
  if (hint === 'refresh_token') return (await asRefreshToken(db, value)) ?? asAccessToken(value, now)
  return (await asAccessToken(value, now)) ?? asRefreshToken(db, value)
}
