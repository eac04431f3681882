// Access tokens: RFC 9068 JWTs (typ at+jwt) signed ES256, minted here and verified here.
import type { JWTPayload } from 'jose'
import { config } from '../../config'
import { randomToken } from '../../crypto'
import { peekPublishedKeys, peekSigningKey, loadSigningKey, loadVerificationKey, type LoadedKey } from '../../keys/store'
import { OAuthError } from '../errors'
import { decodeCompact, signCompact, verifySignature } from './jws'
import { currentTime } from '../../clock'

/** The audience of Gatehouse's access tokens: its own resource API (RFC 9068 §2.2 `aud`). */
export function accessTokenAudience(): string {
  return `${config().ISSUER}/api`
}

export interface AccessTokenInput {
  subject: string
  clientId: string
  scope: string
  authTime?: Date | null
  now?: Date
  /** The ES256 key, resolved before a transaction opens (see SigningKeys in ./signing-keys). */
  key?: LoadedKey
  /** The resource the token is for (RFC 8707); Gatehouse's own API when absent. */
  audience?: string
}

export interface MintedAccessToken { token: string; jti: string; expiresAt: Date; expiresIn: number }

/** @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2 */
export async function mintAccessToken(input: AccessTokenInput): Promise<MintedAccessToken> {
  const settings = config()
  const key = input.key ?? peekSigningKey('ES256') ?? await loadSigningKey('ES256')
  const now = Math.floor((input.now ?? currentTime()).getTime() / 1000)
  const expiresIn = settings.ACCESS_TOKEN_TTL
  const jti = randomToken(16)
  const claims: JWTPayload & Record<string, unknown> = { client_id: input.clientId, scope: input.scope }
  if (input.authTime) claims.auth_time = Math.floor(input.authTime.getTime() / 1000)
  const token = await signCompact({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }, {
    ...claims, iss: settings.ISSUER, sub: input.subject, aud: input.audience ?? accessTokenAudience(), iat: now, exp: now + expiresIn, jti,
  }, key.privateKeyObject)
  return { token, jti, expiresAt: new Date((now + expiresIn) * 1000), expiresIn }
}

export interface AccessTokenClaims extends JWTPayload {
  sub: string
  client_id: string
  scope: string
  jti: string
  exp: number
  iat: number
  auth_time?: number
}

/** Verifies signature, type, issuer, audience and lifetime; throws invalid_token (RFC 6750 §3.1).
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4 */
export async function verifyAccessToken(token: string, now = currentTime()): Promise<AccessTokenClaims> {
  const malformed = () => new OAuthError('invalid_token', 'The access token is malformed')
  const invalid = (detail: string) => new OAuthError('invalid_token', 'The access token is invalid', detail)
  if (token.length > 4096) throw malformed()
  const decoded = decodeCompact(token)
  if (!decoded) throw malformed()
  const { header, payload } = decoded
  // RFC 9068 §4: the typ must be at+jwt (so an ID token can never pass as an access token).
  if (header.typ !== 'at+jwt' || header.alg !== 'ES256' || typeof header.kid !== 'string' || header.crit !== undefined) throw invalid('header')
  const kid = header.kid
  const key = peekPublishedKeys()?.find((candidate) => candidate.kid === kid) ?? await loadVerificationKey(kid)
  if (!key || key.alg !== 'ES256') throw invalid('unknown kid')
  if (!(await verifySignature(decoded, 'ES256', key.publicKeyObject))) throw invalid('signature')
  const seconds = Math.floor(now.getTime() / 1000)
  if (payload.iss !== config().ISSUER) throw invalid('iss')
  const audience = accessTokenAudience()
  if (!(payload.aud === audience || (Array.isArray(payload.aud) && payload.aud.includes(audience)))) throw invalid('aud')
  for (const claim of ['sub', 'client_id', 'jti', 'scope'] as const) {
    if (typeof payload[claim] !== 'string') throw invalid(`claim ${claim}`)
  }
  if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') throw invalid('exp or iat')
  if (payload.exp <= seconds) throw new OAuthError('invalid_token', 'The access token has expired')
  if (typeof payload.nbf === 'number' && payload.nbf > seconds) throw invalid('nbf')
  return payload as AccessTokenClaims
}
