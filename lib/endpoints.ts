// The one dispatch table of machine endpoints: path → method → handler (a Web Request → Response
// function, wrapped once with the shared error rendering). The Next route handlers export these
// same functions, and the lean server (server/) calls them straight, so there is no second copy
// of any protocol logic.
import { handleTokenRequest } from './oauth/token'
import { handleDiscoveryRequest } from './oauth/discovery'
import { handleJwksRequest } from './keys/jwks'
import { handleResourceRequest } from './resources'
import { renderBearerError } from './oauth/bearer'
import { handleIntrospectionRequest } from './oauth/introspection'
import { handleMeRequest } from './oauth/me'
import { handleRevocationRequest } from './oauth/revocation'
import { handleUserinfoRequest } from './oauth/userinfo'
import { healthCheck } from './health'
import { protocolEndpoint, type ProtocolHandler } from './http'
import { database } from '@/db/client'

type Method = 'GET' | 'POST'
export type EndpointTable = Record<string, Partial<Record<Method, ProtocolHandler>>>

const discovery = protocolEndpoint(async () => handleDiscoveryRequest(await database()))
const resources = protocolEndpoint(handleResourceRequest)
// Bearer endpoints answer their errors with a WWW-Authenticate challenge (RFC 6750 §3).
const userinfo = protocolEndpoint(handleUserinfoRequest, renderBearerError)

export const endpoints: EndpointTable = {
  '/oauth/token': { POST: protocolEndpoint(handleTokenRequest) },
  '/.well-known/openid-configuration': { GET: discovery },
  '/.well-known/oauth-authorization-server': { GET: discovery },
  '/.well-known/jwks.json': { GET: protocolEndpoint(handleJwksRequest) },
  '/oauth/revoke': { POST: protocolEndpoint(handleRevocationRequest) },
  '/oauth/introspect': { POST: protocolEndpoint(handleIntrospectionRequest) },
  '/oauth/userinfo': { GET: userinfo, POST: userinfo },
  '/api/resources': { GET: resources, POST: resources },
  '/api/me': { GET: protocolEndpoint(handleMeRequest, renderBearerError) },
  '/api/health': { GET: healthCheck },
}

/** The handler for a path and method, or undefined when the path is not a machine endpoint. */
export function endpointFor(path: string, method: string): ProtocolHandler | null | undefined {
  const entry = Object.hasOwn(endpoints, path) ? endpoints[path] : undefined
  if (!entry) return undefined
  const effective = method === 'HEAD' ? 'GET' : method
  return (entry as Record<string, ProtocolHandler | undefined>)[effective] ?? null
}
