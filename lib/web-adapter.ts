// The adapter between Web Requests/Responses (Next's route handlers, and the API tests) and the
// protocol contract (lib/contract.ts). Every app/**/route.ts is `nextRoute(path)` over the
// endpoint table, exporting every method so that HEAD, OPTIONS and 405 are answered by
// dispatch, as on the lean server, and never by Next.
import { config } from './config'
import type { ProtocolHandler, ProtocolRequest } from './contract'
import { ROUTE_METHODS, dispatchTo, type MethodTable } from './dispatch'
import { browserEndpoints, endpoints, type BrowserEndpointPath, type EndpointPath } from './endpoints'
import { MAX_FORM_BYTES, clientAddress } from './http'
import { toWebResponse } from './response'

/** Reads at most `limit + 1` bytes of a body: more than `limit` tells the handler it was too large. */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const body = new Uint8Array(limit + 1)
  let size = 0
  while (size <= limit) {
    const { done, value } = await reader.read()
    if (done) break
    const part = value.subarray(0, body.length - size)
    body.set(part, size)
    size += part.length
  }
  if (size > limit) await reader.cancel().catch(() => {})
  return body.subarray(0, size)
}

/** The protocol request of a Web Request; the client address as `clientAddress()` reads it. */
export async function protocolRequestFrom(request: Request): Promise<ProtocolRequest> {
  const url = new URL(request.url)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  return {
    method: request.method,
    url: url.pathname + url.search,
    headers: request.headers,
    body: hasBody ? await readBodyLimited(request, MAX_FORM_BYTES) : null,
    clientAddress: clientAddress(request.headers, config().TRUST_PROXY),
    signal: request.signal,
  }
}

/** A route handler, marked with its table path (the route-table test reads the mark). */
export type RouteHandler = ((request: Request) => Promise<Response>) & { readonly endpointPath: string }
export type RouteExports = Record<(typeof ROUTE_METHODS)[number], RouteHandler>

/** The route handlers of a path: for a machine endpoint from the table; for a browser endpoint
 * (handlers that need Next's cookies) from `handlers`, which must have exactly its methods. */
export function nextRoute(path: EndpointPath): RouteExports
export function nextRoute<Path extends BrowserEndpointPath>(path: Path, handlers: Record<(typeof browserEndpoints)[Path][number], ProtocolHandler>): RouteExports
export function nextRoute(path: EndpointPath | BrowserEndpointPath, handlers?: MethodTable): RouteExports {
  const methods: MethodTable = handlers ?? endpoints[path as EndpointPath]
  const handler = Object.assign(
    async (request: Request) => toWebResponse(await dispatchTo(path, methods, await protocolRequestFrom(request))),
    { endpointPath: path },
  )
  return { GET: handler, HEAD: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler, OPTIONS: handler }
}
