// RFC 8414 / OIDC Discovery 1.0 metadata: one object for both documents, advertising exactly
// what works.
import type { ProtocolResponse } from '../../contract'
import { config } from '../../config'
import { jsonResponse } from '../../http'
import { loadScopeCatalog } from '../scopes/catalog'
import { database, type Database } from '@/db/client'
import { ACR_VALUES_SUPPORTED } from '../../factors/acr'
import { machineClientMetadata } from '../../machine/discovery'

/** The endpoint URLs under an issuer, as discovery names them (the client page shows the same). */
export function endpointUrls(issuer: string) {
  return {
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    end_session_endpoint: `${issuer}/oauth/logout`,
  }
}

export async function discoveryMetadata(db: Database): Promise<Record<string, unknown>> {
  const issuer = config().ISSUER
  const scopes = await loadScopeCatalog(db)
  return {
    issuer,
    ...endpointUrls(issuer),
    scopes_supported: scopes.map((scope) => scope.name),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    // RFC 7009 §2.1 lets public clients revoke their own tokens; RFC 7662 §2.1 needs real authentication.
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    // RFC 9207: authorization responses carry iss.
    authorization_response_iss_parameter_supported: true,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'amr', 'acr', 'nonce', 'at_hash', 'azp', 'preferred_username', 'name', 'updated_at', 'email', 'email_verified'],
    acr_values_supported: [...ACR_VALUES_SUPPORTED],
    prompt_values_supported: ['none', 'login', 'consent'],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    ...(await machineClientMetadata(db)),
  }
}

export async function handleDiscoveryRequest(): Promise<ProtocolResponse> {
  return jsonResponse(await discoveryMetadata(await database()), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
  })
}
