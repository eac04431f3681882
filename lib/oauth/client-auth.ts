// Client authentication at the token, revocation and introspection endpoints.
// RFC 6749 §2.3 (one method per request), §2.3.1 and Appendix B (Basic credentials are
// form-urlencoded), OAuth 2.1 §2.4.1 (brute-force protection), and a client may use only the method it registered.
import type { Executor } from '@/db/client'
import type { Client } from '@/db/schema'
import type { RequestContext } from '../audit'
import type { ProtocolRequest } from '../contract'
import { loadClient, peekClient } from '../clients/cache'
import { config } from '../config'
import { constantTimeEqual, sha256 } from '../crypto'
import { addressKey, knownOverLimit, settleAttempt, type Limit } from '../rate-limit'
import { OAuthError } from './errors'
import { currentTime } from '../clock'

export type ClientAuthenticationMethod = Client['tokenEndpointAuthMethod']

/** Failed authentications allowed per client and source address, and per source address, in one RATE_LIMIT_WINDOW. */
export const CLIENT_AUTH_MAX_FAILURES_PER_CLIENT = 10
export const CLIENT_AUTH_MAX_FAILURES_PER_IP = 100

const MAX_CLIENT_ID_LENGTH = 128
const MAX_CLIENT_SECRET_LENGTH = 512

interface PresentedCredentials {
  method: ClientAuthenticationMethod
  clientId: string
  secret: string | null
  viaAuthorizationHeader: boolean
}

function invalidClient(description: string, detail: string, viaAuthorizationHeader: boolean): OAuthError {
  const error = new OAuthError('invalid_client', description, detail)
  // RFC 6749 §5.2: a client that tried the Authorization header gets 401 + WWW-Authenticate.
  error.basicAuthAttempted = viaAuthorizationHeader
  return error
}

/** RFC 6749 Appendix B: application/x-www-form-urlencoded, so '+' is a space. Null on bad encoding. */
function formUrlDecode(value: string): string | null {
  if (!value.includes('%') && !value.includes('+')) return value
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return null
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Credentials of `Authorization: Basic`, RFC 7617 §2 with RFC 6749 §2.3.1's extra encoding. */
function parseBasicCredentials(encoded: string): { clientId: string; secret: string } | null {
  if (encoded.length > 4 * MAX_CLIENT_SECRET_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null
  let decoded: string
  try {
    decoded = utf8.decode(Buffer.from(encoded, 'base64'))
  } catch {
    return null
  }
  const colon = decoded.indexOf(':')
  if (colon === -1) return null
  const clientId = formUrlDecode(decoded.slice(0, colon))
  const secret = formUrlDecode(decoded.slice(colon + 1))
  if (clientId === null || secret === null || clientId === '') return null
  return { clientId, secret }
}

/** Works out which single method the request uses; malformed requests throw. */
function presentedCredentials(request: ProtocolRequest, params: { client_id?: string; client_secret?: string }): PresentedCredentials {
  const header = request.headers.get('authorization')
  if (header !== null) {
    const [scheme, encoded = '', ...rest] = header.trim().split(/ +/)
    if (scheme.toLowerCase() !== 'basic' || rest.length > 0) {
      throw invalidClient('Client authentication failed', 'unsupported Authorization scheme', true)
    }
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (params.client_secret !== undefined) {
      throw new OAuthError('invalid_request', 'Use only one client authentication method', 'Basic and client_secret both present')
    }
    const credentials = parseBasicCredentials(encoded)
    if (!credentials) throw invalidClient('Client authentication failed', 'malformed Basic credentials', true)
    if (params.client_id !== undefined && params.client_id !== credentials.clientId) {
      throw new OAuthError('invalid_request', 'client_id does not match the authenticated client', 'body client_id differs from Basic')
    }
    return { method: 'client_secret_basic', clientId: credentials.clientId, secret: credentials.secret, viaAuthorizationHeader: true }
  }
  if (params.client_id === undefined) throw invalidClient('Client authentication failed', 'no client_id', false)
  if (params.client_secret !== undefined) {
    return { method: 'client_secret_post', clientId: params.client_id, secret: params.client_secret, viaAuthorizationHeader: false }
  }
  return { method: 'none', clientId: params.client_id, secret: null, viaAuthorizationHeader: false }
}

/**
 * Failed authentications allowed per window, counted per client AND source address, and per
 * source address over all clients. Client ids are public: a count per client alone would let
 * anyone lock a client out with junk secrets. There is no per-client ceiling over all
 * addresses: client secrets are 256-bit random values, so spreading guesses over many addresses
 * gains nothing, while such a ceiling would hand that lockout back to anyone with enough addresses.
 */
function failureLimits(clientId: string, ip: string | null | undefined): Limit[] {
  const address = addressKey(ip)
  return [
    { key: `client-auth:client:${clientId}@${address}`, max: CLIENT_AUTH_MAX_FAILURES_PER_CLIENT },
    { key: `client-auth:address:${address}`, max: CLIENT_AUTH_MAX_FAILURES_PER_IP },
  ]
}

/**
 * Authenticates the client of a back-channel request with exactly one method: client_secret_basic,
 * client_secret_post, or none (public clients: client_id only). The method must be the one the
 * client registered. Every failure is `invalid_client` (`basicAuthAttempted` set when the
 * Authorization header was used). Failures are counted per client and source address and per
 * source address through the database (settleAttempt): a success is accepted only while the
 * committed counts are under the limits, on every instance at once.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export async function authenticateClient(
  db: Executor,
  request: ProtocolRequest,
  params: { client_id?: string; client_secret?: string },
  context: RequestContext,
  now = currentTime(),
): Promise<Client> {
  const presented = presentedCredentials(request, params)
  const viaHeader = presented.viaAuthorizationHeader
  if (presented.clientId.length > MAX_CLIENT_ID_LENGTH || (presented.secret?.length ?? 0) > MAX_CLIENT_SECRET_LENGTH) {
    throw invalidClient('Client authentication failed', 'credentials too long', viaHeader)
  }
  const limits = failureLimits(presented.clientId, context.ip)
  if (knownOverLimit(limits, now)) throw throttled(viaHeader)

  const cached = peekClient(presented.clientId)
  const client = cached !== undefined ? cached : await loadClient(db, presented.clientId)
  // A public client has no secret to guess: a secret sent for one is refused outright and
  // counts against nobody (RFC 6749 §2.3: only the registered method).
  if (client && client.tokenEndpointAuthMethod === 'none' && presented.secret !== null) {
    throw invalidClient('Client authentication failed', `registered none, used ${presented.method}`, viaHeader)
  }
  const reason = !client ? 'unknown client'
    : client.disabledAt ? 'client disabled'
    : client.tokenEndpointAuthMethod !== presented.method ? `registered ${client.tokenEndpointAuthMethod}, used ${presented.method}`
    : presented.method !== 'none' && !secretMatches(client, presented.secret) ? 'wrong secret'
    : null
  // A public client authenticating with its id alone presents nothing to guess: nothing to count.
  if (reason === null && client && presented.method === 'none') return client
  const verdict = await settleAttempt(db, limits, reason === null, config().RATE_LIMIT_WINDOW, now)
  if (verdict === 'throttled') throw throttled(viaHeader)
  if (verdict === 'failed' || !client) throw invalidClient('Client authentication failed', reason ?? 'unknown client', viaHeader)
  return client
}

function throttled(viaHeader: boolean): OAuthError {
  return invalidClient('Too many failed client authentication attempts, try again later', 'throttled', viaHeader)
}

/** Constant-time comparison of hashes: the secret itself is never stored. */
function secretMatches(client: Client, secret: string | null): boolean {
  if (!client.secretHash || secret === null) return false
  return constantTimeEqual(sha256(secret), client.secretHash)
}
