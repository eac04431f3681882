// Redirect URIs: what a client may register, and how a requested URI is compared with them.
// RFC 9700 §2.1 and §4.1.3 (exact string match, no wildcards), RFC 6749 §3.1.2 (absolute, no
// fragment), RFC 8252 §7.1 (private-use schemes), §7.3 and §8.3 (loopback, variable port).
import { parseUrl } from '../url'

export type ClientType = 'confidential' | 'public'

export const MAX_REDIRECT_URI_LENGTH = 2000
export const MAX_REDIRECT_URIS = 10

// RFC 8252 §8.3 prefers the IP literals; `localhost` is accepted for development convenience,
// but only the IP literals get the variable-port exception when matching (RFC 8252 §7.3).
const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * Why `uri` cannot be registered for a client of `clientType`, or null when it can.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7
 */
export function redirectUriProblem(uri: string, clientType: ClientType): string | null {
  if (uri.length === 0) return 'Enter a URI.'
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return `Use at most ${MAX_REDIRECT_URI_LENGTH} characters.`
  // The URL parser silently drops tabs and newlines and turns "\" into "/": the registered
  // string must be exactly what is compared later, so such characters are refused outright.
  if (/[\s\u0000-\u001f\u007f\\]/.test(uri)) return 'Remove spaces, backslashes and control characters.'
  // RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component."
  if (uri.includes('#')) return 'Remove the fragment (#…): a redirect URI cannot have one.'
  // RFC 9700 §4.1.3: no pattern matching of any kind.
  if (uri.includes('*')) return 'Wildcards are not allowed: register every URI exactly.'
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1].toLowerCase()
  if (!scheme) return 'Enter an absolute URI, such as https://app.example.com/callback.'
  const url = parseUrl(uri)
  if (!url) return 'Enter a valid absolute URI.'
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(uri)?.[1]
  // RFC 9700 §4.1.1 / RFC 3986 §3.2.1: userinfo hides the real host from the reader.
  if (authority?.includes('@') || url.username || url.password) return 'Remove the user name or password (the part before "@").'
  if (scheme === 'https' || scheme === 'http') {
    if (!authority) return 'Write the host right after the "//", such as https://app.example.com/callback.'
    if (scheme === 'https') return null
    // RFC 9700 §2.6: http only for loopback redirects of native apps (RFC 8252 §7.3).
    return loopbackHosts.has(url.hostname) ? null
      : 'Use https. Plain http is allowed only on loopback addresses (127.0.0.1, [::1], localhost).'
  }
  // RFC 8252 §7.1: a private-use scheme must be a reverse domain name the app controls.
  if (scheme.includes('.')) {
    return clientType === 'public' ? null
      : 'Private-use schemes (com.example.app:/callback) are only for public (native) clients.'
  }
  return 'Use https, http on a loopback address, or for native apps a reverse-domain scheme such as com.example.app:/callback.'
}

// http://127.0.0.1[:port]<rest> and http://[::1][:port]<rest>; `rest` starts with "/" or "?" or is empty.
const loopbackIpRedirect = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(?=[/?]|$)(.*)$/

/** The URI without its port when it is a loopback IP redirect URI; null otherwise. */
function withoutLoopbackPort(uri: string): string | null {
  const match = loopbackIpRedirect.exec(uri)
  if (!match) return null
  if (match[2] !== undefined) {
    const port = Number(match[2])
    if (port < 1 || port > 65535) return null
  }
  return `http://${match[1]}${match[3]}`
}

/** True when `uri` is an http redirect to a loopback IP literal (RFC 8252 §7.3). */
export function isLoopbackIpRedirectUri(uri: string): boolean {
  return withoutLoopbackPort(uri) !== null
}

/**
 * Is `requested` one of the `registered` redirect URIs? Exact, case-sensitive string comparison
 * (RFC 3986 §6.2.1, no normalisation); the one exception is the port of a loopback IP redirect,
 * which native apps pick at run time.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export function matchRedirectUri(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true
  const requestedWithoutPort = withoutLoopbackPort(requested)
  if (requestedWithoutPort === null) return false
  return registered.some((uri) => withoutLoopbackPort(uri) === requestedWithoutPort)
}
