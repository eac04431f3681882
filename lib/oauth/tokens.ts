// Token minting and verification.
// Access tokens: RFC 9068 JWTs (typ at+jwt) signed ES256. ID tokens: OIDC Core §2, RS256.
import { createHash } from 'node:crypto'
import { SignJWT, decodeProtectedHeader, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose'
import { config } from '../config'
import { randomToken } from '../crypto'
import { signingKey, verificationKey } from '../keys/store'
import { OAuthError } from './errors'

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
}

export interface MintedAccessToken { token: string; jti: string; expiresAt: Date; expiresIn: number }

/** @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2 */
export async function mintAccessToken(input: AccessTokenInput): Promise<MintedAccessToken> {
  const settings = config()
  const key = await signingKey('ES256')
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000)
  const expiresIn = settings.ACCESS_TOKEN_TTL
  const jti = randomToken(16)
  const claims: JWTPayload & Record<string, unknown> = { client_id: input.clientId, scope: input.scope }
  if (input.authTime) claims.auth_time = Math.floor(input.authTime.getTime() / 1000)
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid })
    .setIssuer(settings.ISSUER)
    .setSubject(input.subject)
    .setAudience(accessTokenAudience())
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .setJti(jti)
    .sign(key.privateKey)
  return { token, jti, expiresAt: new Date((now + expiresIn) * 1000), expiresIn }
}

export interface IdTokenInput {
  subject: string
  clientId: string
  authTime: Date
  nonce?: string | null
  accessToken?: string
  claims?: Record<string, unknown>
  now?: Date
}

/** OIDC Core §3.1.3.6: at_hash is the left half of SHA-256 of the access token, base64url. */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

/** @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken */
export async function mintIdToken(input: IdTokenInput): Promise<string> {
  const settings = config()
  const key = await signingKey('RS256')
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000)
  const claims: Record<string, unknown> = { ...input.claims, auth_time: Math.floor(input.authTime.getTime() / 1000), azp: input.clientId }
  if (input.nonce) claims.nonce = input.nonce
  if (input.accessToken) claims.at_hash = accessTokenHash(input.accessToken)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(settings.ISSUER)
    .setSubject(input.subject)
    .setAudience(input.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + settings.ID_TOKEN_TTL)
    .sign(key.privateKey)
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

/** Verifies signature, type, issuer, audience and lifetime; throws invalid_token (RFC 6750 §3.1). */
export async function verifyAccessToken(token: string, now = new Date()): Promise<AccessTokenClaims> {
  if (token.length > 4096 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new OAuthError('invalid_token', 'The access token is malformed')
  let kid: string | undefined
  try {
    kid = decodeProtectedHeader(token).kid
  } catch {
    throw new OAuthError('invalid_token', 'The access token is malformed')
  }
  const key = kid ? await verificationKey(kid) : null
  if (!key || key.alg !== 'ES256') throw new OAuthError('invalid_token', 'The access token is invalid', 'unknown kid')
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['ES256'],
      typ: 'at+jwt',
      issuer: config().ISSUER,
      audience: accessTokenAudience(),
      currentDate: now,
      requiredClaims: ['sub', 'client_id', 'jti', 'exp', 'iat'],
    })
    if (typeof payload.scope !== 'string' || typeof payload.client_id !== 'string') throw new OAuthError('invalid_token', 'The access token is invalid', 'claims')
    return payload as AccessTokenClaims
  } catch (error) {
    if (error instanceof OAuthError) throw error
    if (error instanceof joseErrors.JWTExpired) throw new OAuthError('invalid_token', 'The access token has expired')
    throw new OAuthError('invalid_token', 'The access token is invalid', (error as Error).message)
  }
}
