// RFC 9728 protected-resource metadata for Gatehouse's own API (/api/resources): which
// authorization server issues its tokens and which scopes it knows, so that a client meeting
// its 401 can find everything else; the challenge points here with `resource_metadata` (§5.1).
import { database } from '@/db/client'
import { config } from '../config'
import { jsonResponse } from '../http'
import { responseHeader, type ProtocolResponse } from '../contract'
import { withHeader } from '../response'
import { loadScopeCatalog as scopeCatalog } from '../oauth/scopes/catalog'
import { USER_ONLY_SCOPES } from '../oauth/scopes/policy'
import { ownResource } from './resources'

export function protectedResourceMetadataUrl(): string {
  return `${config().ISSUER}/.well-known/oauth-protected-resource`
}

/** GET /.well-known/oauth-protected-resource */
export async function handleProtectedResourceMetadataRequest(): Promise<ProtocolResponse> {
  const own = ownResource()
  const scopes = await scopeCatalog(await database())
  return jsonResponse({
    resource: own.uri,
    authorization_servers: [config().ISSUER],
    scopes_supported: scopes.map((scope) => scope.name).filter((name) => !USER_ONLY_SCOPES.has(name)),
    bearer_methods_supported: ['header'],
    resource_name: own.name,
  }, { headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' } })
}

/** The response with `resource_metadata` added to its bearer challenge, if it has one (RFC 9728 §5.1). */
export function withResourceMetadata(response: ProtocolResponse): ProtocolResponse {
  const challenge = responseHeader(response.headers, 'WWW-Authenticate')
  if (!challenge?.startsWith('Bearer ')) return response
  return withHeader(response, 'WWW-Authenticate', `${challenge}, resource_metadata="${protectedResourceMetadataUrl()}"`)
}
