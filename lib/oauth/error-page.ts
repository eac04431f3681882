// The pages shown by the browser-facing protocol endpoints when they refuse a request: when
// /oauth/authorize cannot trust the redirect URI (RFC 6749 §4.1.2.1, RFC 9700 §4.11.2) or a logout
// names an unregistered place to return to. The user is told, nobody is redirected anywhere, and
// the developer gets the error code and what was received to debug with.
import type { ProtocolResponse } from '../contract'
import { PAGE_SHELL_CSP, escapeHtml, pageShell } from '../page-shell'
import { stringResponse, toWebResponse } from '../response'
import type { OAuthError } from './errors'

export { escapeHtml } from '../page-shell'

/** What a developer needs to see on an error page: the error code and the values received. */
export interface ErrorPageDetails { code?: string; received?: Record<string, string> }

/** A self-contained HTML page for protocol routes in the app's look (no scripts, no third-party
 * anything, never framed). `bodyHtml` must already be escaped. */
export function standalonePageResponse(title: string, bodyHtml: string, status: number): ProtocolResponse {
  return stringResponse(pageShell(title, bodyHtml), {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      // No form-action: browsers apply it to the redirect after a POST, which goes to the RP.
      'Content-Security-Policy': PAGE_SHELL_CSP,
      'X-Frame-Options': 'DENY',
    },
  })
}

// Received values are shown as text, cut short: they are attacker-controlled and may be huge.
const MAX_SHOWN_LENGTH = 500

function detailsHtml(details: ErrorPageDetails): string {
  const rows: [string, string][] = []
  if (details.code) rows.push(['Error code', details.code])
  for (const [name, value] of Object.entries(details.received ?? {})) {
    rows.push([`Received ${name}`, value.length > MAX_SHOWN_LENGTH ? `${value.slice(0, MAX_SHOWN_LENGTH)}…` : value])
  }
  if (!rows.length) return ''
  return `<dl aria-label="Details for the developer">${rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`
}

export function authorizationErrorPage(title: string, message: string, status = 400, details: ErrorPageDetails = {}): Response {
  return toWebResponse(errorPageResponse(title, message, status, details))
}

/** The error page as a protocol response, for an endpoint's error rendering. */
export function errorPageResponse(title: string, message: string, status = 400, details: ErrorPageDetails = {}): ProtocolResponse {
  return standalonePageResponse(title, `<p role="alert">${escapeHtml(message)}</p>${detailsHtml(details)}<div class="actions"><a href="/">Back to Gatehouse</a></div>`, status)
}

/** The page for an OAuthError refused by a browser-facing endpoint: its description, code and what it was given. */
export function oauthErrorPageResponse(title: string, error: OAuthError): ProtocolResponse {
  const description = /[.!?]$/.test(error.description) ? error.description : `${error.description}.`
  return errorPageResponse(title, description, error.status, { code: error.code, received: error.received })
}
