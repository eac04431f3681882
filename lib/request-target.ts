// Checks on the request line and the request's origin, made before any page or action runs.
import { hasControlCharacter } from './text'

/** RFC 9112 §3.2: a server answering for its own origin takes origin-form targets ("/path?query").
 * Absolute-form ("http://other.example/…") and asterisk-form ("*", OPTIONS only) are refused:
 * answering them would let the request line choose the host we build URLs and redirects for. */
export function isOriginFormTarget(target: string): boolean {
  return target.startsWith('/')
}

function decodesCleanly(part: string): boolean {
  try {
    return !hasControlCharacter(decodeURIComponent(part))
  } catch {
    return false
  }
}

/** True when the path's percent-escapes are well formed UTF-8 and decode to no control character:
 * a route with a path parameter (`/api/v1/client/{client_id}`) can decode it. */
export function isCleanPath(path: string): boolean {
  return decodesCleanly(path)
}

/** True when every percent-escape of the path and query is well formed UTF-8 and nothing decodes
 * to a control character: what a page may look up in the database or echo. */
export function isCleanTarget(target: string): boolean {
  const query = target.indexOf('?')
  const path = query === -1 ? target : target.slice(0, query)
  if (!isCleanPath(path)) return false
  if (query === -1) return true
  return target.slice(query + 1).replace(/\+/g, ' ').split(/[&=]/).every(decodesCleanly)
}

/** Paths of the machine endpoints, whose own parsing answers bad input with RFC error JSON and
 * whose POSTs legitimately come from other sites (relying parties). /oauth/authorize/continue is
 * a page of ours that login and consent send the browser back to. */
export function isProtocolPath(path: string): boolean {
  if (path === '/oauth/authorize/continue') return false
  return path.startsWith('/oauth/') || path.startsWith('/api/') || path.startsWith('/.well-known/')
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host
  } catch {
    return null
  }
}

/**
 * True when a browser says the request comes from another site: an Origin that is neither the
 * issuer's nor the Host the request was sent to, or, without Origin, Sec-Fetch-Site other than
 * same-origin/none. SameSite=Lax cookies alone still let sibling subdomains post (same-site is
 * not same-origin), so state-changing page requests check this too (RFC 6454 §7, Fetch Metadata).
 */
export function isCrossOriginRequest(headers: Headers, issuer: string): boolean {
  const origin = headers.get('origin')
  if (origin !== null) {
    const host = origin === 'null' ? null : hostOf(origin)
    if (host === null) return true
    const forwardedHost = headers.get('x-forwarded-host')?.split(',')[0]?.trim()
    return host !== hostOf(issuer) && host !== headers.get('host') && host !== forwardedHost
  }
  const site = headers.get('sec-fetch-site')
  return site !== null && site !== 'same-origin' && site !== 'none'
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The refusal a page request earns before it reaches the application, or null to let it pass. */
export function pageRequestProblem(method: string, target: string, headers: Headers, issuer: string): { status: 400 | 403; message: string } | null {
  const query = target.indexOf('?')
  const path = query === -1 ? target : target.slice(0, query)
  // A server action is a page's form post whatever path it names: it gets the page checks too.
  if (isProtocolPath(path) && !headers.has('next-action')) return null
  if (!isCleanTarget(target)) return { status: 400, message: 'The address of this request is malformed.' }
  if (!SAFE_METHODS.has(method) && isCrossOriginRequest(headers, issuer)) {
    return { status: 403, message: 'This form was sent from another site, so Gatehouse refused it.' }
  }
  return null
}

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded']

/**
 * What is wrong with a POSTed body before any action runs, or null: a declared form that cannot
 * be parsed (multipart without or against its boundary: Next would fail on it while looking for
 * a server action, on any path it renders), or a NUL anywhere in a form or in a server action's
 * arguments (PostgreSQL refuses U+0000 in text, and no field of ours can hold one).
 */
export async function bodyProblem(request: Request): Promise<string | null> {
  if (SAFE_METHODS.has(request.method)) return null
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  if (FORM_TYPES.some((form) => type.includes(form))) {
    let form: FormData
    try {
      form = await request.clone().formData()
    } catch {
      return 'The form could not be read.'
    }
    for (const [name, value] of form) {
      if (name.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) return 'The form contains a NUL character.'
    }
    return null
  }
  if (request.headers.has('next-action')) {
    // Server action arguments travel as JSON text: a NUL raw or escaped.
    const text = await request.clone().text()
    if (text.includes('\u0000') || text.includes('\\u0000')) return 'The request contains a NUL character.'
  }
  return null
}
