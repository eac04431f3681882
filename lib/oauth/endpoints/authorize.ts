// GET/POST /oauth/authorize (RFC 6749 §4.1.1, OAuth 2.1 §4.1.1, OIDC Core §3.1.2).
// Phase one trusts nothing: a bad client_id or redirect_uri is refused with a page, never a redirect.
// Phase two validates the rest; its errors go back to the now-trusted redirect URI with state
// and iss (RFC 9207). The validated request is stored server-side and the browser carries only
// its id to /login and /consent (node-oidc-provider's interaction pattern). The answer is a step
// (lib/oauth/authorization-step.ts); the route handler turns it into HTTP.
import type { Database } from '@/db/client'
import { insertAuthorizationRequest } from '@/db/queries/authorization-requests'
import type { Client, User } from '@/db/schema'
import { currentTime } from '../../clock'
import { config } from '../../config'
import { randomToken } from '../../crypto'
import type { ProtocolRequest } from '../../contract'
import { parseParameters, queryOf, readFormText, type FormParameters } from '../../http'
import type { ErrorPageDetails } from '../error-page'
import type { AuthorizationStep } from '../authorization-step'
import { OAuthError, authorizationErrorLocation } from '../errors'
import { isValidCodeChallenge } from '../pkce'
import { matchRedirectUri } from '../redirect-uri'
import { continueAuthorization } from '../interaction'
import { splitScope } from '../scopes/syntax'
import { resolveResource } from '../../machine/resources'
import { findClientForAuthorization } from '../../machine/metadata-document'

export const AUTHORIZE_PARAMETERS = [
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method',
  'nonce', 'prompt', 'max_age', 'login_hint', 'response_mode', 'request', 'request_uri', 'resource',
] as const
type AuthorizeParameters = FormParameters<(typeof AUTHORIZE_PARAMETERS)[number]>

/** What is stored between the authorization request and the user's decision. */
export interface PendingAuthorization {
  clientId: string
  redirectUri: string
  scope: string
  state?: string
  codeChallenge?: string
  nonce?: string
  prompt?: string
  maxAge?: string
  loginHint?: string
  /** RFC 8707: the resource the token will be for. */
  resource?: string
}

export const AUTHORIZATION_REQUEST_TTL_MS = 10 * 60 * 1000

export interface BrowserSession { user: User; authTime: Date; amr?: string[] }

/** Longer states are refused, and never echoed. */
const MAX_STATE_LENGTH = 2048

const refused = (title: string, message: string, details: ErrorPageDetails = { code: 'invalid_request' }): AuthorizationStep => ({ kind: 'refused', title, message, details })

/**
 * Validates and stores an authorization request, then takes its first step (continueAuthorization).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export async function startAuthorization(db: Database, request: ProtocolRequest, session: BrowserSession | null, now = currentTime()): Promise<AuthorizationStep> {
  const raw = await readRawParameters(request)
  if (raw === null) return refused('Invalid request', 'The authorization request could not be read.')

  // Phase one: client and redirect URI.
  let trusted: FormParameters<'client_id' | 'redirect_uri'>
  try {
    trusted = parseParameters(raw, ['client_id', 'redirect_uri'] as const)
  } catch (error) {
    if (error instanceof OAuthError) return refused('Invalid request', `${error.description}.`, { code: error.code })
    throw error
  }
  if (!trusted.client_id) return refused('Invalid request', 'The client_id parameter is missing.', { code: 'invalid_request' })
  const client = await findClientForAuthorization(db, trusted.client_id)
  if (!client || client.disabledAt) return refused('Unknown application', 'This application is not registered with Gatehouse.', { code: 'invalid_client', received: { client_id: trusted.client_id } })
  const redirectUri = resolveRedirectUri(client, trusted.redirect_uri)
  if (!redirectUri) {
    // The developer sees what arrived, to compare with the registered list; nobody is sent there.
    return refused('Invalid redirect URI', 'The redirect URI does not match any registered for this application, so Gatehouse will not send you there.',
      { code: 'invalid_request', received: { client_id: client.id, redirect_uri: trusted.redirect_uri ?? '(none)' } })
  }

  // Phase two: everything else, answered at the redirect URI.
  const issuer = config().ISSUER
  const state = echoableState(raw)
  try {
    const params = parseParameters(raw, AUTHORIZE_PARAMETERS)
    const pending = validateAuthorizationParameters(client, redirectUri, params)
    pending.resource = (await resolveResource(db, params.resource))?.uri
    const id = randomToken()
    await insertAuthorizationRequest(db, {
      id,
      clientId: client.id,
      params: pending as unknown as Record<string, string>,
      createdAt: now,
      expiresAt: new Date(now.getTime() + AUTHORIZATION_REQUEST_TTL_MS),
    })
    return continueAuthorization(db, id, session, { now })
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'redirect', to: authorizationErrorLocation(redirectUri, error, state, issuer) }
    throw error
  }
}

/** state is echoed with an error even when another parameter is bad, as long as state itself
 * is well-formed: one value, printable, not too long (RFC 6749 §4.1.2.1). */
function echoableState(raw: string): string | undefined {
  try {
    const { state } = parseParameters(raw, ['state'] as const)
    return state !== undefined && state.length <= MAX_STATE_LENGTH ? state : undefined
  } catch (error) {
    if (error instanceof OAuthError) return undefined
    throw error
  }
}

async function readRawParameters(request: ProtocolRequest): Promise<string | null> {
  if (request.method === 'GET') return queryOf(request.url)
  // OIDC Core §3.1.2.1: POST with a form body is allowed too, with every form endpoint's checks.
  try {
    return await readFormText(request)
  } catch (error) {
    if (error instanceof OAuthError) return null
    throw error
  }
}

/** The redirect URI to use: the requested one if registered, or the only registered one when omitted. */
function resolveRedirectUri(client: Client, requested: string | undefined): string | null {
  if (requested === undefined) return client.redirectUris.length === 1 ? client.redirectUris[0] : null
  return matchRedirectUri(client.redirectUris, requested) ? requested : null
}

const PROMPTS = new Set(['none', 'login', 'consent'])

function validateAuthorizationParameters(client: Client, redirectUri: string, params: AuthorizeParameters): PendingAuthorization {
  if (!params.response_type) throw new OAuthError('invalid_request', 'The response_type parameter is required')
  if (params.response_type !== 'code') {
    // Implicit and hybrid flows are not offered (OAuth 2.1, RFC 9700 §2.1.2).
    throw new OAuthError('unsupported_response_type', 'Only response_type=code is supported')
  }
  if (params.response_mode !== undefined && params.response_mode !== 'query') {
    throw new OAuthError('invalid_request', 'Only response_mode=query is supported')
  }
  if (params.request !== undefined || params.request_uri !== undefined) {
    throw new OAuthError('invalid_request', 'Request objects are not supported')
  }
  if (!client.grantTypes.includes('authorization_code')) {
    throw new OAuthError('unauthorized_client', 'The client is not allowed to use the authorization code grant')
  }
  // PKCE (RFC 7636, RFC 9700 §2.1.1): S256 only; required for public clients and for
  // confidential clients registered with "require PKCE".
  if (params.code_challenge_method !== undefined && params.code_challenge_method !== 'S256') {
    throw new OAuthError('invalid_request', 'Only code_challenge_method=S256 is supported')
  }
  if (params.code_challenge === undefined) {
    if (client.type === 'public' || client.requirePkce) throw new OAuthError('invalid_request', 'PKCE is required: send code_challenge and code_challenge_method=S256')
    if (params.code_challenge_method !== undefined) throw new OAuthError('invalid_request', 'code_challenge_method was sent without code_challenge')
  } else {
    if (params.code_challenge_method === undefined) {
      // RFC 7636 §4.3 would default to plain, which is refused: be explicit.
      throw new OAuthError('invalid_request', 'code_challenge_method=S256 is required')
    }
    if (!isValidCodeChallenge(params.code_challenge)) throw new OAuthError('invalid_request', 'The code_challenge is malformed')
  }
  const requested = splitScope(params.scope)
  const prompts = params.prompt === undefined ? [] : params.prompt.split(' ').filter(Boolean)
  if (prompts.some((prompt) => !PROMPTS.has(prompt))) throw new OAuthError('invalid_request', 'Unsupported prompt value')
  if (prompts.includes('none') && prompts.length > 1) throw new OAuthError('invalid_request', 'prompt=none cannot be combined with other values')
  if (params.max_age !== undefined && !/^\d{1,9}$/.test(params.max_age)) throw new OAuthError('invalid_request', 'max_age must be a non-negative integer')
  if (params.nonce !== undefined && params.nonce.length > 512) throw new OAuthError('invalid_request', 'The nonce is too long')
  if (params.state !== undefined && params.state.length > MAX_STATE_LENGTH) throw new OAuthError('invalid_request', 'The state is too long')
  return {
    clientId: client.id,
    redirectUri,
    scope: requested.join(' '),
    state: params.state,
    codeChallenge: params.code_challenge,
    nonce: params.nonce,
    prompt: prompts.join(' ') || undefined,
    maxAge: params.max_age,
    loginHint: params.login_hint?.slice(0, 254),
  }
}
