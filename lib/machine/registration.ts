// RFC 7591 dynamic client registration at /oauth/register and RFC 7592 management at
// /oauth/register/{client_id}. Who may register is REGISTRATION_POLICY: nobody, holders of an
// initial access token (RFC 7591 §3), or anyone. Metadata goes through the dashboard's own
// validation (lib/clients/registry.ts); its refusals come back with RFC 7591 §3.2.2 codes.
// A self-registered client has no owner and stays "unverified" until an administrator vouches for it.
import { z } from 'zod'
import { database, type Database, type Executor } from '@/db/client'
import { findClientByRegistrationToken, findUsableInitialAccessToken, insertClientRegistration } from '@/db/queries/machine-clients'
import { listScopes } from '../oauth/scopes/catalog'
import type { Client } from '@/db/schema'
import { config } from '../config'
import type { ProtocolRequest, ProtocolResponse } from '../contract'
import { randomToken, sha256 } from '../crypto'
import { jsonResponse, noStoreHeaders } from '../http'
import { lastPathSegment, readJsonObject, requestContextOf } from '../json-request'
import { extractBearerToken } from '../oauth/tokens/bearer'
import { OAuthError, bearerErrorResponse, oauthErrorResponse } from '../oauth/errors'
import type { FieldErrors } from '../result'
import { currentTime } from '../clock'
import { createClient, deleteAnyClient, plausibleClientId, updateAnyClient } from '../clients/registry'
import { checkUnverifiedScopes, clientTrust } from './trust'

const uriList = z.array(z.string().max(2000)).max(20)
const optionalUri = z.string().max(2000).optional()

/** RFC 7591 §2 client metadata; names Gatehouse does not know are ignored (§3.1). */
const metadataSchema = z.object({
  redirect_uris: uriList.optional(),
  post_logout_redirect_uris: uriList.optional(),
  token_endpoint_auth_method: z.string().max(64).optional(),
  grant_types: z.array(z.string().max(64)).max(10).optional(),
  response_types: z.array(z.string().max(64)).max(10).optional(),
  client_name: z.string().max(200).optional(),
  client_uri: optionalUri,
  logo_uri: optionalUri,
  policy_uri: optionalUri,
  scope: z.string().max(4096).optional(),
})
export type ClientMetadata = z.infer<typeof metadataSchema>

const SUPPORTED_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post']

/** Parses RFC 7591 metadata at the edge: a wrong type is invalid_client_metadata naming the field. */
export function parseClientMetadata(value: unknown): ClientMetadata {
  const parsed = metadataSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = String(issue.path[0] ?? 'metadata')
    throw new OAuthError(field.endsWith('redirect_uris') ? 'invalid_redirect_uri' : 'invalid_client_metadata', `${field}: ${issue.message}`)
  }
  return parsed.data
}

/** RFC 7591 metadata as the registry's input; the defaults are those of RFC 7591 §2. */
export async function registryInputOf(db: Executor, metadata: ClientMetadata): Promise<Record<string, unknown>> {
  const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic'
  if (!SUPPORTED_AUTH_METHODS.includes(method)) throw new OAuthError('invalid_client_metadata', `token_endpoint_auth_method: use one of ${SUPPORTED_AUTH_METHODS.join(', ')}`)
  const responseTypes = metadata.response_types ?? ['code']
  if (responseTypes.some((type) => type !== 'code')) throw new OAuthError('invalid_client_metadata', 'response_types: only code is supported')
  const grantTypes = metadata.grant_types ?? ['authorization_code']
  // §2.1: the code grant goes with the code response type, and the other way round.
  if (grantTypes.includes('authorization_code') !== responseTypes.length > 0 && metadata.response_types !== undefined) {
    throw new OAuthError('invalid_client_metadata', 'grant_types and response_types do not agree')
  }
  const redirectUris = metadata.redirect_uris ?? []
  return {
    name: metadata.client_name?.trim() || defaultName(redirectUris),
    type: method === 'none' ? 'public' : 'confidential',
    redirectUris,
    postLogoutRedirectUris: metadata.post_logout_redirect_uris ?? [],
    grantTypes,
    // §2: without a scope, the server picks a default: every scope anyone may be given.
    scopes: metadata.scope !== undefined ? metadata.scope.split(' ').filter(Boolean)
      : (await listScopes(db)).filter((scope) => !scope.restricted).map((scope) => scope.name),
    tokenEndpointAuthMethod: method === 'none' ? undefined : method,
    requirePkce: true,
    homepageUrl: metadata.client_uri,
    logoUrl: metadata.logo_uri,
    policyUrl: metadata.policy_uri,
  }
}

function defaultName(redirectUris: readonly string[]): string {
  try {
    return new URL(redirectUris[0]).host || 'Unnamed client'
  } catch {
    return 'Unnamed client'
  }
}

/** The registry's refusal as RFC 7591 §3.2.2 error: redirect URI problems have their own code. */
export function metadataRefusal(errors: FieldErrors): OAuthError {
  const wireNames: Record<string, string> = {
    name: 'client_name', redirectUris: 'redirect_uris', postLogoutRedirectUris: 'post_logout_redirect_uris', grantTypes: 'grant_types',
    scopes: 'scope', tokenEndpointAuthMethod: 'token_endpoint_auth_method', homepageUrl: 'client_uri', logoUrl: 'logo_uri', policyUrl: 'policy_uri', type: 'token_endpoint_auth_method',
  }
  const fields = Object.keys(errors)
  const code = fields.some((field) => field === 'redirectUris' || field === 'postLogoutRedirectUris') ? 'invalid_redirect_uri' : 'invalid_client_metadata'
  const text = Object.entries(errors).map(([field, message]) => (field === 'form' ? message : `${wireNames[field] ?? field}: ${message}`)).join(' ')
  return new OAuthError(code, text)
}

/** The registered metadata (RFC 7591 §3.2.1), without credentials. */
export function registeredMetadata(client: Client): Record<string, unknown> {
  return {
    client_id: client.id,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: client.grantTypes,
    response_types: client.grantTypes.includes('authorization_code') ? ['code'] : [],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    scope: client.scopes.join(' '),
    ...(client.homepageUrl ? { client_uri: client.homepageUrl } : {}),
    ...(client.logoUrl ? { logo_uri: client.logoUrl } : {}),
    ...(client.policyUrl ? { policy_uri: client.policyUrl } : {}),
  }
}

export function registrationClientUri(clientId: string): string {
  return `${config().ISSUER}/oauth/register/${encodeURIComponent(clientId)}`
}

/** What REGISTRATION_POLICY asks of a registration request; the initial access token's id when one was used. */
async function admitRegistration(db: Database, request: ProtocolRequest): Promise<string | null> {
  const policy = config().REGISTRATION_POLICY
  if (policy === 'closed') throw new OAuthError('access_denied', 'Client registration is closed')
  const presented = extractBearerToken(request)
  if (policy === 'open' && presented === null) return null
  if (presented === null) throw new OAuthError('invalid_token', 'An initial access token is required to register a client')
  const token = await findUsableInitialAccessToken(db, sha256(presented), currentTime())
  if (!token) throw new OAuthError('invalid_token', 'The initial access token is invalid, expired or revoked')
  return token.id
}

/** POST /oauth/register (RFC 7591 §3.1). */
export async function handleRegistrationRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const db = await database()
  const initialTokenId = await admitRegistration(db, request)
  const metadata = parseClientMetadata(readJsonObject(request, 'invalid_client_metadata'))
  const input = await registryInputOf(db, metadata)
  await checkUnverifiedScopes(db, input.scopes as string[], false)
  const registrationToken = randomToken()
  const created = await createClient(db, null, input, requestContextOf(request), {
    actorUserId: null,
    afterInsert: (tx, client) => insertClientRegistration(tx, { clientId: client.id, source: 'registration', registrationTokenHash: sha256(registrationToken) }),
    auditDetails: { via: 'registration', ...(initialTokenId ? { initial_access_token: initialTokenId } : {}) },
  })
  if (!created.ok) throw metadataRefusal(created.errors)
  return jsonResponse({
    ...registeredMetadata(created.client),
    ...(created.secret ? { client_secret: created.secret, client_secret_expires_at: 0 } : {}),
    registration_access_token: registrationToken,
    registration_client_uri: registrationClientUri(created.client.id),
  }, { status: 201, headers: noStoreHeaders })
}

/** The client a registration access token manages (RFC 7592 §3): one 401 for every mismatch,
 * so the answer never tells whether a client id exists. */
async function managedClient(db: Database, request: ProtocolRequest): Promise<Client> {
  const presented = extractBearerToken(request)
  if (presented === null) throw new OAuthError('invalid_token', 'The registration access token is required')
  const clientId = lastPathSegment(request)
  const client = plausibleClientId(clientId) ? await findClientByRegistrationToken(db, clientId, sha256(presented)) : null
  if (!client) throw new OAuthError('invalid_token', 'The registration access token is invalid')
  return client
}

/** GET, PUT, DELETE /oauth/register/{client_id} (RFC 7592 §2). */
export async function handleRegistrationManagementRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const db = await database()
  const client = await managedClient(db, request)
  const context = requestContextOf(request)
  if (request.method === 'DELETE') {
    await deleteAnyClient(db, null, client.id, context)
    return { status: 204, headers: { ...noStoreHeaders }, body: '' }
  }
  let current = client
  if (request.method === 'PUT') {
    const body = readJsonObject(request, 'invalid_client_metadata')
    // §2.2: the body carries the client_id, which must be this one.
    if (body.client_id !== client.id) throw new OAuthError('invalid_client_metadata', 'client_id: must be the client being updated')
    if (body.client_secret !== undefined) throw new OAuthError('invalid_client_metadata', 'client_secret: the client cannot choose its secret')
    const metadata = parseClientMetadata(body)
    if (metadata.token_endpoint_auth_method !== undefined && (metadata.token_endpoint_auth_method === 'none') !== (client.type === 'public')) {
      throw new OAuthError('invalid_client_metadata', 'token_endpoint_auth_method: a client cannot switch between public and confidential')
    }
    const input = await registryInputOf(db, { token_endpoint_auth_method: client.tokenEndpointAuthMethod, ...metadata })
    await checkUnverifiedScopes(db, input.scopes as string[], (await clientTrust(db, client.id)).verified)
    const updated = await updateAnyClient(db, null, client.id, input, context)
    if (!updated) throw new OAuthError('invalid_token', 'The registration access token is invalid')
    if (!updated.ok) throw metadataRefusal(updated.errors)
    current = updated.client
  }
  return jsonResponse({ ...registeredMetadata(current), registration_client_uri: registrationClientUri(current.id) }, { headers: noStoreHeaders })
}

/** Bearer problems as an RFC 6750 §3 challenge; metadata refusals as RFC 7591 §3.2.2 JSON. */
export function renderRegistrationError(error: OAuthError): ProtocolResponse {
  if (error.code === 'invalid_token') return bearerErrorResponse(error)
  if (error.code === 'access_denied') return { ...oauthErrorResponse(error), status: 403 }
  return oauthErrorResponse(error)
}
