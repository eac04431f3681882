// What every endpoint answers alike, in both serving modes: HEAD as GET without a body
// (RFC 9110 §9.3.2), OPTIONS with the allowed methods (§9.3.7), any other method not in the
// table 405 with Allow (§15.5.6), and the security headers of lib/security-headers.mjs.
import type { HeaderRecord, ProtocolHandler, ProtocolRequest, ProtocolResponse } from './contract'
import { jsonResponse, noStoreHeaders } from './response'
import { securityHeadersFor } from './security-headers.mjs'

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const
export type Method = (typeof METHODS)[number]
/** The handlers of one path, by method. */
export type MethodTable = Partial<Record<Method, ProtocolHandler>>

/** Every method a Next route file exports, so that Next itself never answers one. */
export const ROUTE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** Answers a request for `path` from its method table, with the security headers. */
export async function dispatchTo(path: string, methods: MethodTable, request: ProtocolRequest): Promise<ProtocolResponse> {
  const response = await answer(methods, request)
  return withSecurityHeaders(response, securityHeadersFor(path, request.headers.get('x-forwarded-proto')))
}

async function answer(methods: MethodTable, request: ProtocolRequest): Promise<ProtocolResponse> {
  const method = request.method
  const handler = (METHODS as readonly string[]).includes(method) ? methods[method as Method] : undefined
  if (handler) return handler(request)
  if (method === 'HEAD' && methods.GET) {
    const full = await methods.GET({ ...request, method: 'GET' })
    return { status: full.status, headers: { ...full.headers, 'Content-Length': String(Buffer.byteLength(full.body)) }, body: '' }
  }
  const allow = allowedMethods(methods)
  if (method === 'OPTIONS') return { status: 204, headers: { Allow: allow }, body: '' }
  return jsonResponse({ error: 'invalid_request', error_description: 'Method not allowed' }, { status: 405, headers: { ...noStoreHeaders, Allow: allow } })
}

function allowedMethods(methods: MethodTable): string {
  const allowed: string[] = []
  if (methods.GET) allowed.push('GET', 'HEAD')
  if (methods.POST) allowed.push('POST')
  if (methods.PUT) allowed.push('PUT')
  if (methods.DELETE) allowed.push('DELETE')
  allowed.push('OPTIONS')
  return allowed.join(', ')
}

/** The response's headers plus each security header it does not set itself. */
function withSecurityHeaders(response: ProtocolResponse, security: Readonly<HeaderRecord>): ProtocolResponse {
  const headers: HeaderRecord = { ...response.headers }
  const own = new Set(Object.keys(headers).map((name) => name.toLowerCase()))
  for (const name in security) if (!own.has(name.toLowerCase())) headers[name] = security[name]
  return { status: response.status, headers, body: response.body }
}
