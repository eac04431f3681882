// Building protocol responses (lib/contract.ts): a status, a plain header record and a string
// body, which the lean server writes straight out. Web Responses are made from them only for
// Next (toWebResponse), and the other way only for the browser endpoints (fromWebResponse).
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

/** A protocol response of a Web Response: for the browser endpoints, whose redirects and pages
 * are built as Web Responses. One value per header name (they set no cookies on the response;
 * Next adds the session cookie itself). */
export async function fromWebResponse(response: Response): Promise<ProtocolResponse> {
  const headers: HeaderRecord = {}
  response.headers.forEach((value, name) => { headers[name] = value })
  return { status: response.status, headers, body: await response.text() }
}
