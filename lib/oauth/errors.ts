// The one OAuth error type, rendered in one place: RFC 6749 §5.2 (token endpoint JSON),
// §4.1.2.1 (authorization redirect), RFC 6750 §3 (bearer challenges).
// Deep code throws; status, headers and body shape are decided here only.
import type { ProtocolResponse } from '../contract'
import { noStoreHeaders, stringResponse } from '../response'

/** Error codes grouped by the RFC that defines them. */
export type OAuthErrorCode =
  // RFC 6749 §5.2 and §4.1.2.1
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client'
  | 'unsupported_grant_type' | 'invalid_scope' | 'access_denied' | 'unsupported_response_type'
  | 'server_error' | 'temporarily_unavailable'
  // RFC 6750 §3.1
  | 'invalid_token' | 'insufficient_scope'
  // OpenID Connect Core §3.1.2.6
  | 'login_required' | 'consent_required' | 'interaction_required' | 'account_selection_required'
  // RFC 7009 §2.2.1
  | 'unsupported_token_type'
  // RFC 7591 §3.2.2
  | 'invalid_redirect_uri' | 'invalid_client_metadata'
  // RFC 8707 §2
  | 'invalid_target'
  // Gatehouse's JSON APIs: the addressed client does not exist
  | 'not_found'

const statusByCode: Partial<Record<OAuthErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  not_found: 404,
  server_error: 500,
  temporarily_unavailable: 503,
}

export class OAuthError extends Error {
  readonly code: OAuthErrorCode
  readonly description: string
  /** The precise reason, for logs only; never sent, so an attacker learns nothing from it. */
  readonly detail?: string
  /** Set when the client tried HTTP Basic: invalid_client then answers with a Basic challenge. */
  basicAuthAttempted = false
  /** Values the request carried, shown (escaped) on an error page for the developer; never in JSON. */
  readonly received?: Record<string, string>

  constructor(code: OAuthErrorCode, description: string, detail?: string, received?: Record<string, string>) {
    super(`${code}: ${description}`)
    this.code = code
    this.description = description
    this.detail = detail
    this.received = received
  }

  get status(): number {
    return statusByCode[this.code] ?? 400
  }
}


/** RFC 6749 §5.2 JSON error body; invalid_client → 401 + WWW-Authenticate when Basic was used. */
export function oauthErrorResponse(error: OAuthError): ProtocolResponse {
  const headers: Record<string, string> = { ...noStoreHeaders, 'Content-Type': 'application/json' }
  if (error.code === 'invalid_client' && error.basicAuthAttempted) {
    headers['WWW-Authenticate'] = 'Basic realm="gatehouse", charset="UTF-8"'
  }
  return stringResponse(JSON.stringify({ error: error.code, error_description: error.description }), { status: error.status, headers })
}

/** RFC 6750 §3: a bearer challenge; no error attributes when no token was sent at all (§3.1). */
export function bearerErrorResponse(error: OAuthError | null, realm = 'gatehouse'): ProtocolResponse {
  const parts = [`realm="${realm}"`]
  if (error) parts.push(`error="${error.code}"`, `error_description="${error.description.replace(/["\\]/g, '')}"`)
  const status = error ? error.status : 401
  const body = error ? JSON.stringify({ error: error.code, error_description: error.description }) : JSON.stringify({ error: 'invalid_token', error_description: 'A bearer token is required' })
  return stringResponse(body, {
    status,
    headers: { ...noStoreHeaders, 'Content-Type': 'application/json', 'WWW-Authenticate': `Bearer ${parts.join(', ')}` },
  })
}

/** RFC 6749 §4.1.2.1 + RFC 9207: where an error goes: the (already validated) redirect URI with
 * error, error_description, state and iss. */
export function authorizationErrorLocation(redirectUri: string, error: OAuthError, state: string | undefined, issuer: string): string {
  const url = new URL(redirectUri)
  url.searchParams.set('error', error.code)
  url.searchParams.set('error_description', error.description)
  if (state !== undefined) url.searchParams.set('state', state)
  url.searchParams.set('iss', issuer)
  return url.toString()
}
