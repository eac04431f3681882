// Building protocol responses (lib/contract.ts): a status, a plain header record and a string
// body, which the lean server writes straight out. Web Responses are made from them only for
// Next (toWebResponse).
import type { HeaderRecord, ProtocolResponse } from './contract'

export type { HeaderRecord } from './contract'

/** RFC 6749 §5.1: answers carrying tokens or credentials are never cached. */
export const noStoreHeaders = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

export function stringResponse(body: string, init: { status?: number; headers?: HeaderRecord }): ProtocolResponse {
  return { status: init.status ?? 200, headers: init.headers ?? {}, body }
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: HeaderRecord } = {}): ProtocolResponse {
  return stringResponse(JSON.stringify(body), {
    status: init.status,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  })
}

/** The response with one header set (replacing any spelling of the same name); a copy. */
export function withHeader(response: ProtocolResponse, name: string, value: string): ProtocolResponse {
  const lower = name.toLowerCase()
  const headers: HeaderRecord = {}
  for (const existing in response.headers) if (existing.toLowerCase() !== lower) headers[existing] = response.headers[existing]
  headers[name] = value
  return { status: response.status, headers, body: response.body }
}

/** A Web Response of a protocol response (for Next's route handlers). */
export function toWebResponse(response: ProtocolResponse): Response {
  // A null body where HTTP forbids one (204, 304) and for HEAD's empty one.
  return new Response(response.body === '' ? null : response.body, { status: response.status, headers: response.headers })
}

/** 303 so a POSTed form is never re-sent to the target (RFC 9700 §4.12). */
export function redirectResponse(location: string): ProtocolResponse {
  return { status: 303, headers: { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }, body: '' }
}
