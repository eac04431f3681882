// The edge of every protocol endpoint: form parsing with limits (RFC 6749 §3.1, §3.2) and the
// one place that turns thrown errors into responses.
import { randomUUID } from 'node:crypto'
import { noteDatabaseError } from '@/db/availability'
import { isDatabaseUnavailable, isInvalidInput } from '@/db/errors'
import { config } from './config'
import { runWithDeadline } from './deadline'
import { log } from './log'
import { hasControlCharacter } from './text'
import type { ProtocolHandler, ProtocolRequest, ProtocolResponse, RequestHeaders } from './contract'
import { withHeader } from './response'
import { OAuthError, oauthErrorResponse } from './oauth/errors'

export const MAX_FORM_BYTES = 16 * 1024
export const MAX_PARAMETER_LENGTH = 4096

const utf8 = new TextDecoder('utf-8', { fatal: true })

export type FormParameters<Name extends string> = { [K in Name]?: string }

/** Parses a URL-encoded parameter string; duplicates of a declared name are refused (RFC 6749 §3.1),
 * so are control characters, empty values count as absent, unknown names are ignored. */
export function parseParameters<Name extends string>(encoded: string, names: readonly Name[]): FormParameters<Name> {
  const search = new URLSearchParams(encoded)
  const result: FormParameters<Name> = {}
  for (const name of names) {
    const values = search.getAll(name)
    if (values.length > 1) throw new OAuthError('invalid_request', `The ${name} parameter is repeated`)
    const value = values[0]
    if (value === undefined || value === '') continue
    if (value.length > MAX_PARAMETER_LENGTH) throw new OAuthError('invalid_request', `The ${name} parameter is too long`)
    // Every parameter we define is printable text (RFC 6749 Appendix A); PostgreSQL refuses NUL.
    if (hasControlCharacter(value)) throw new OAuthError('invalid_request', `The ${name} parameter contains a control character`)
    result[name] = value
  }
  return result
}

/** True when the body is declared application/x-www-form-urlencoded (parameters aside). */
export function isFormBody(request: ProtocolRequest): boolean {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded'
}

/** POST bodies of protocol endpoints: application/x-www-form-urlencoded, UTF-8, size-limited. */
export async function readForm<Name extends string>(request: ProtocolRequest, names: readonly Name[]): Promise<FormParameters<Name>> {
  return parseParameters(await readFormText(request), names)
}

/** The text of a form body, after the checks every form endpoint shares (type, size, UTF-8). */
export async function readFormText(request: ProtocolRequest): Promise<string> {
  if (!isFormBody(request)) {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded')
  }
  // The adapters cut a body at MAX_FORM_BYTES + 1 bytes: longer means it was too large.
  const body = request.body ?? new Uint8Array()
  if (body.byteLength > MAX_FORM_BYTES) throw new OAuthError('invalid_request', 'The request body is too large')
  try {
    return utf8.decode(body)
  } catch {
    throw new OAuthError('invalid_request', 'The request body is not valid UTF-8')
  }
}

/** Parameters of a GET query string, with the same rules as a form body. */
export function readQuery<Name extends string>(request: ProtocolRequest, names: readonly Name[]): FormParameters<Name> {
  return parseParameters(queryOf(request.url), names)
}

/** The query string of a request target, without `?` and fragment. */
export function queryOf(url: string): string {
  const start = url.indexOf('?')
  return start === -1 ? '' : url.slice(start + 1).split('#')[0]
}

export { jsonResponse, noStoreHeaders } from './response'
export type { ProtocolHandler } from './contract'

/** What a 503 asks clients to wait (RFC 9110 §10.2.3): the breaker re-probes every 250 ms. */
export const RETRY_AFTER_SECONDS = '1'

/** A caller's X-Request-Id is kept when it looks like an id (so a proxy's id follows the request
 * through our logs); anything else is replaced, so a header cannot inject text into log lines. */
const acceptableRequestId = /^[A-Za-z0-9._:-]{8,128}$/

// A request id only has to be unique, not secret: a random per-process prefix and a counter
// cost nothing per request, where a fresh UUID each time measurably did.
const requestIdPrefix = randomUUID().slice(0, 13)
let requestCounter = 0

export function requestIdOf(request: ProtocolRequest): string {
  const given = request.headers.get('x-request-id')
  return given && acceptableRequestId.test(given) ? given : `${requestIdPrefix}-${(++requestCounter).toString(36).padStart(8, '0')}`
}

/** Wraps a protocol endpoint: OAuthError → RFC 6749 §5.2, database away → 503, anything else →
 * 500 server_error without detail. No input can escape as an unhandled exception. Every request
 * gets a request id (returned as X-Request-Id) and one access log line: method, path, status,
 * duration — never the query string or the body, where codes and tokens travel. */
export function protocolEndpoint(handler: ProtocolHandler, render: (error: OAuthError) => ProtocolResponse = oauthErrorResponse): ProtocolHandler {
  return async (request) => {
    const started = performance.now()
    const requestId = requestIdOf(request)
    let response: ProtocolResponse
    try {
      // No work outlives its request: past the deadline the answer is 503 and nothing commits.
      response = await runWithDeadline(config().REQUEST_DEADLINE_MS, request, () => handler(request))
    } catch (error) {
      if (error instanceof OAuthError) {
        if (error.detail) log.info('oauth error', { requestId, error: error.code, reason: error.detail, path: pathOf(request.url) })
        response = render(error)
      } else if (isInvalidInput(error)) {
        log.info('invalid input refused by the database', { requestId, path: pathOf(request.url) })
        response = render(new OAuthError('invalid_request', 'The request contains a value that cannot be processed'))
      } else if (isDatabaseUnavailable(error)) {
        noteDatabaseError(error)
        log.warn('database unavailable', { requestId, path: pathOf(request.url) })
        response = withHeader(render(new OAuthError('temporarily_unavailable', 'The service is temporarily unavailable, try again shortly')), 'Retry-After', RETRY_AFTER_SECONDS)
      } else {
        log.error('unhandled error', { requestId, path: pathOf(request.url), error })
        response = render(new OAuthError('server_error', 'An unexpected error occurred'))
      }
    }
    if (log.enabled('info')) {
      log.info('request', { requestId, method: request.method, path: pathOf(request.url), status: response.status, durationMs: Math.round(performance.now() - started) })
    }
    return withHeader(response, 'X-Request-Id', requestId)
  }
}

/** The path of a request target or absolute URL, without query or fragment (where codes and tokens travel). */
export function pathOf(url: string): string {
  const authority = url.indexOf('://')
  const start = url.indexOf('/', authority === -1 ? 0 : authority + 3)
  if (start === -1) return '/'
  const end = url.slice(start).search(/[?#]/)
  return end === -1 ? url.slice(start) : url.slice(start, start + end)
}

/** Client address for rate limits and audit, for requests that came through Next (route
 * handlers, server actions). Behind a trusted proxy: the first X-Forwarded-For entry (the
 * proxy's view of the client). Otherwise the last entry, the socket address `next start`
 * appended. The lean server takes the socket address itself (server/adapter.ts). */
export function clientAddress(headers: RequestHeaders, trustProxy: boolean): string {
  const entries = (headers.get('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)
  const chosen = trustProxy ? entries[0] : entries[entries.length - 1]
  return (chosen ?? 'unknown').slice(0, 64)
}
