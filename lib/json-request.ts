// JSON bodies and path parameters of Gatehouse's JSON endpoints (the client API, RFC 7591
// registration): the same limits as form bodies, and one error code the caller chooses.
import type { RequestContext } from './audit'
import type { ProtocolRequest } from './contract'
import { MAX_FORM_BYTES, pathOf } from './http'
import { OAuthError, type OAuthErrorCode } from './oauth/errors'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The body as a JSON object; `code` names the refusal (RFC 7591 §3.2.2 wants invalid_client_metadata). */
export function readJsonObject(request: ProtocolRequest, code: OAuthErrorCode = 'invalid_request'): Record<string, unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') throw new OAuthError(code, 'The request body must be application/json')
  const body = request.body ?? new Uint8Array()
  // The adapters cut a body at MAX_FORM_BYTES + 1 bytes: longer means it was too large.
  if (body.byteLength > MAX_FORM_BYTES) throw new OAuthError(code, 'The request body is too large')
  let value: unknown
  try {
    value = JSON.parse(utf8.decode(body))
  } catch {
    throw new OAuthError(code, 'The request body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OAuthError(code, 'The request body must be a JSON object')
  return value as Record<string, unknown>
}

/** The decoded last path segment: the `[name]` of a pattern endpoint. */
export function lastPathSegment(request: ProtocolRequest): string {
  const path = pathOf(request.url)
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1))
  } catch {
    throw new OAuthError('not_found', 'No such client')
  }
}

/** Who sent the request, for the audit trail. */
export function requestContextOf(request: ProtocolRequest): RequestContext {
  return { ip: request.clientAddress, userAgent: request.headers.get('user-agent') }
}
