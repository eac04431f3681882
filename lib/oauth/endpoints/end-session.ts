// GET/POST /oauth/logout: OpenID Connect RP-Initiated Logout 1.0. The decision lives here; the
// route ends the browser session (row + cookie) when told to, since cookies are Next's business.
//
// Logout CSRF (RP-Initiated Logout §6): without an id_token_hint for the logged-in user, anyone
// could log the user out with a link, so the user confirms on a page of ours first. The
// confirmation form carries a token bound to the session, so only that page can submit it.
// A POST from the relying party is turned into the equivalent GET first: the session cookie is
// SameSite=Lax, so a cross-site POST arrives without it, while a top-level GET carries it.
import { createHmac } from 'node:crypto'
import type { Executor } from '@/db/client'
import { findClientById } from '@/db/queries/clients'
import type { Client } from '@/db/schema'
import { config } from '../../config'
import { constantTimeEqual } from '../../crypto'
import type { FormParameters } from '../../http'
import type { ProtocolResponse } from '../../contract'
import { redirectResponse } from '../../response'
import { escapeHtml, standalonePageResponse } from '../error-page'
import { verifyIdTokenHint, type IdTokenHint } from '../tokens/id-token'
import { OAuthError } from '../errors'

export const END_SESSION_PARAMETERS = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'logout_hint', 'ui_locales', 'confirm'] as const
export type EndSessionParameters = FormParameters<(typeof END_SESSION_PARAMETERS)[number]>

/** Where the browser goes after logging out when the relying party named no (valid) place. */
export const LOGGED_OUT_PATH = '/logout/done'

export interface EndSessionRequest { method: string; params: EndSessionParameters }
export interface CurrentSession { id: string; userId: string }

export type EndSessionDecision =
  | { endSession: true; redirectTo: string; clientId: string | null }
  | { endSession: false; response: ProtocolResponse }

/** The confirmation form's token: bound to the session, so another site cannot forge the POST. */
export function confirmationToken(sessionId: string): string {
  return createHmac('sha256', config().authSecret).update(`end-session:${sessionId}`).digest('base64url')
}

function invalid(description: string, detail?: string, received?: Record<string, string>): OAuthError {
  return new OAuthError('invalid_request', description, detail, received)
}

/** The client the request speaks for: client_id, or the hint's audience; they must agree (§2). */
async function requestingClient(db: Executor, params: EndSessionParameters, hint: IdTokenHint | null): Promise<Client | null> {
  if (params.client_id && hint && !hint.aud.includes(params.client_id)) {
    throw invalid('The client_id does not match the id_token_hint', 'client_id not in hint aud', { client_id: params.client_id })
  }
  const clientId = params.client_id ?? hint?.aud[0]
  if (!clientId) return null
  const client = await findClientById(db, clientId)
  if (!client || client.disabledAt) throw invalid('The application is unknown', 'unknown or disabled client', { client_id: clientId })
  return client
}

/** §3: only a URI registered for that client, by exact string match, with `state` passed back. */
function postLogoutTarget(params: EndSessionParameters, client: Client | null): string {
  if (!params.post_logout_redirect_uri) return LOGGED_OUT_PATH
  const received = { post_logout_redirect_uri: params.post_logout_redirect_uri }
  if (!client) throw invalid('A post_logout_redirect_uri needs a client_id or an id_token_hint', 'no client for redirect', received)
  if (!client.postLogoutRedirectUris.includes(params.post_logout_redirect_uri)) {
    throw invalid('The post_logout_redirect_uri is not registered for this application', 'unregistered post_logout_redirect_uri', { client_id: client.id, ...received })
  }
  const url = new URL(params.post_logout_redirect_uri)
  if (params.state !== undefined) url.searchParams.set('state', params.state)
  return url.toString()
}

/** Decides what /oauth/logout does; throws invalid_request for a request it must refuse. */
export async function decideEndSession(db: Executor, request: EndSessionRequest, session: CurrentSession | null): Promise<EndSessionDecision> {
  const { params } = request
  const confirming = request.method === 'POST' && params.confirm !== undefined
  if (request.method === 'POST' && !confirming) {
    // A relying party's POST: replay it as GET so the Lax session cookie comes along.
    const query = new URLSearchParams(Object.entries(params).filter(([name]) => name !== 'confirm') as [string, string][])
    return { endSession: false, response: redirectResponse(`/oauth/logout?${query}`) }
  }
  const hint = params.id_token_hint ? await verifyIdTokenHint(params.id_token_hint) : null
  if (params.id_token_hint && !hint) throw invalid('The id_token_hint is invalid', 'id_token_hint failed verification')
  const client = await requestingClient(db, params, hint)
  const redirectTo = postLogoutTarget(params, client)
  const decided = { endSession: true as const, redirectTo, clientId: client?.id ?? null }
  if (!session) return decided
  if (confirming) {
    if (!constantTimeEqual(params.confirm!, confirmationToken(session.id))) throw invalid('The logout confirmation is invalid or has expired', 'bad confirmation token')
    return decided
  }
  // A hint for the logged-in user shows the relying party knows who it is logging out.
  if (hint && hint.sub === session.userId) return decided
  return { endSession: false, response: confirmationPage(params, client, confirmationToken(session.id)) }
}

function confirmationPage(params: EndSessionParameters, client: Client | null, token: string): ProtocolResponse {
  const carried = { ...params, confirm: token }
  const hidden = Object.entries(carried)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value!)}">`).join('')
  const who = client ? `<strong>${escapeHtml(client.name)}</strong> asks you to log out of Gatehouse.` : 'An application asks you to log out of Gatehouse.'
  return standalonePageResponse('Log out?', `<p>${who}</p><form method="post" action="/oauth/logout" aria-label="Log out">${hidden}<div class="actions"><button class="button" type="submit">Log out</button><a href="/">Stay logged in</a></div></form>`, 200)
}
