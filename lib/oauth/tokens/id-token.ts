// ID tokens (OIDC Core §2): RS256 JWTs minted at the token endpoint, and verified again when a
// relying party sends one back as id_token_hint at logout.
import { createHash } from 'node:crypto'
import { config } from '../../config'
import { currentTime } from '../../clock'
import { loadSigningKey, loadVerificationKey, peekSigningKey, type LoadedKey } from '../../keys/store'
import { decodeCompact, signCompact, verifySignature } from './jws'

export interface IdTokenInput {
  subject: string
  clientId: string
  authTime: Date
  amr?: string[] | null
  nonce?: string | null
  accessToken?: string
  claims?: Record<string, unknown>
  now?: Date
  /** The RS256 key, resolved before a transaction opens (see SigningKeys in ./signing-keys). */
  key?: LoadedKey
}

/** OIDC Core §3.1.3.6: at_hash is the left half of SHA-256 of the access token, base64url. */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

/** @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken */
export async function mintIdToken(input: IdTokenInput): Promise<string> {
  const settings = config()
  const key = input.key ?? peekSigningKey('RS256') ?? await loadSigningKey('RS256')
  const now = Math.floor((input.now ?? currentTime()).getTime() / 1000)
  const claims: Record<string, unknown> = { ...input.claims, auth_time: Math.floor(input.authTime.getTime() / 1000), azp: input.clientId }
  if (input.nonce) claims.nonce = input.nonce
  // OIDC Core §2 / RFC 8176: how the user authenticated, so a relying party can demand more.
  if (input.amr?.length) claims.amr = input.amr
  if (input.accessToken) claims.at_hash = accessTokenHash(input.accessToken)
  return signCompact({ alg: 'RS256', typ: 'JWT', kid: key.kid }, {
    ...claims, iss: settings.ISSUER, sub: input.subject, aud: input.clientId, iat: now, exp: now + settings.ID_TOKEN_TTL,
  }, key.privateKeyObject)
}

export interface IdTokenHint { sub: string; aud: string[] }

/**
 * Verifies an id_token_hint: our signature (RS256, a published kid) and our issuer. Expired ID
 * tokens are accepted (RP-Initiated Logout §2: "The OP need not be the one that issued ... the
 * OP SHOULD accept ID Tokens ... even when the exp time has passed"); a key that left the JWKS
 * (rotated out longer ago than the longest token lifetime) bounds how old a hint can be.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export async function verifyIdTokenHint(token: string): Promise<IdTokenHint | null> {
  if (token.length > 8192) return null
  try {
    // The same compact-JWS verifier as access tokens (./jws.ts): RS256 only, no crit.
    const decoded = decodeCompact(token)
    if (!decoded || typeof decoded.header.kid !== 'string' || decoded.header.crit !== undefined) return null
    const key = await loadVerificationKey(decoded.header.kid)
    if (!key || key.alg !== 'RS256' || !(await verifySignature(decoded, 'RS256', key.publicKeyObject))) return null
    const claims = decoded.payload as { iss?: unknown; sub?: unknown; aud?: unknown }
    if (claims.iss !== config().ISSUER || typeof claims.sub !== 'string') return null
    const aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter((value): value is string => typeof value === 'string') : []
    return aud.length ? { sub: claims.sub, aud } : null
  } catch {
    return null
  }
}

