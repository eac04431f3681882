// The one table of endpoints: path → method → handler. Every route file under app/ is a
// one-liner over it (lib/web-adapter.ts), the lean server (server/) looks paths up in it, and a
// test checks that the route files and the table name the same paths. A path or method outside
// the table does not compile.
import type { ProtocolRequest, ProtocolResponse } from './contract'
import { dispatchTo, type Method, type MethodTable } from './dispatch'
import { handleCleanupRequest } from './cleanup-request'
import { handleClientCollectionRequest, handleClientItemRequest } from './clients/api'
import { renderAdministratorApiError } from './clients/administrator-token'
import { handleHealthRequest } from './health'
import { handleProtectedResourceMetadataRequest } from './machine/protected-resource'
import { handleRegistrationManagementRequest, handleRegistrationRequest, renderRegistrationError } from './machine/registration'
import { pathOf, protocolEndpoint } from './http'
import { handleJwksRequest } from './oauth/endpoints/jwks'
import { renderBearerError } from './oauth/tokens/bearer'
import { handleDiscoveryRequest } from './oauth/endpoints/discovery'
import { handleIntrospectionRequest } from './oauth/endpoints/introspection'
import { handleMeRequest } from './oauth/endpoints/me'
import { handleRevocationRequest } from './oauth/endpoints/revocation'
import { handleTokenRequest } from './oauth/endpoints/token'
import { handleUserinfoRequest } from './oauth/endpoints/userinfo'
import { handleResourceRequest } from './oauth/endpoints/resources'
import { jsonResponse } from './response'

const discovery = protocolEndpoint(handleDiscoveryRequest)
const resources = protocolEndpoint(handleResourceRequest)
// Bearer endpoints answer their errors with a WWW-Authenticate challenge (RFC 6750 §3).
const userinfo = protocolEndpoint(handleUserinfoRequest, renderBearerError)
const clientItem = protocolEndpoint(handleClientItemRequest, renderAdministratorApiError)
const registeredClient = protocolEndpoint(handleRegistrationManagementRequest, renderRegistrationError)

/** Machine endpoints: answered by dispatch() in both modes, by the lean server without Next. */
export const endpoints = {
  '/oauth/token': { POST: protocolEndpoint(handleTokenRequest) },
  '/oauth/revoke': { POST: protocolEndpoint(handleRevocationRequest) },
  '/oauth/introspect': { POST: protocolEndpoint(handleIntrospectionRequest) },
  '/oauth/userinfo': { GET: userinfo, POST: userinfo },
  '/.well-known/openid-configuration': { GET: discovery },
  '/.well-known/oauth-authorization-server': { GET: discovery },
  '/.well-known/jwks.json': { GET: protocolEndpoint(handleJwksRequest) },
  '/.well-known/oauth-protected-resource': { GET: protocolEndpoint(handleProtectedResourceMetadataRequest) },
  '/api/resources': { GET: resources, POST: resources },
  '/api/me': { GET: protocolEndpoint(handleMeRequest, renderBearerError) },
  '/api/health': { GET: handleHealthRequest },
  '/api/cleanup': { GET: protocolEndpoint(handleCleanupRequest) },
  '/api/v1/client': { POST: protocolEndpoint(handleClientCollectionRequest, renderAdministratorApiError) },
  '/api/v1/client/[client_id]': { GET: clientItem, PUT: clientItem, DELETE: clientItem },
  '/oauth/register': { POST: protocolEndpoint(handleRegistrationRequest, renderRegistrationError) },
  '/oauth/register/[client_id]': { GET: registeredClient, PUT: registeredClient, DELETE: registeredClient },
} as const satisfies Record<`/${string}`, MethodTable>

/**
 * Endpoints that need the browser session (Next's cookies), so Next serves them in both modes:
 * their handlers are in their route files, which pass them to nextRoute() with exactly these
 * methods, and they go through the same dispatch (HEAD, 405, security headers).
 */
export const browserEndpoints = {
  '/oauth/authorize': ['GET', 'POST'],
  '/oauth/logout': ['GET', 'POST'],
  '/logout': ['POST'],
  '/login/upstream/[id]/callback': ['GET'],
  // The benchmark's measure of the framework's own ceiling: a trivial answer through Next.
  '/api/ping': ['GET'],
} as const satisfies Record<`/${string}`, readonly Method[]>

export type EndpointPath = keyof typeof endpoints
export type BrowserEndpointPath = keyof typeof browserEndpoints

// A `[name]` segment of a table path matches one non-empty segment, as Next's dynamic route
// folders do; the handler reads it with lastPathSegment().
const patternEndpoints = Object.entries(endpoints as Record<string, MethodTable>)
  .filter(([path]) => path.includes('['))
  .map(([path, methods]) => ({
    pattern: new RegExp(`^${path.split('/').map((segment) => (/^\[\w+\]$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
    methods,
  }))

/** The methods of a machine endpoint, or undefined when the path is not one. */
export function endpointFor(path: string): MethodTable | undefined {
  if (Object.hasOwn(endpoints, path)) return endpoints[path as EndpointPath]
  return patternEndpoints.find((entry) => entry.pattern.test(path))?.methods
}

const notFound = jsonResponse({ error: 'not_found', error_description: 'No such endpoint' }, { status: 404, headers: { 'Cache-Control': 'no-store' } })

/** Answers a machine-endpoint request. The servers hand other paths to Next before this; here
 * they get a 404. */
export async function dispatch(request: ProtocolRequest): Promise<ProtocolResponse> {
  const path = pathOf(request.url)
  const methods = endpointFor(path)
  return methods ? dispatchTo(path, methods, request) : notFound
}
