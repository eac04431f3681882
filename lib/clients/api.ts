// The client management API: POST /api/v1/client, GET|PUT|DELETE /api/v1/client/{client_id}.
// JSON in the field names of the system Gatehouse replaces (client_name, scopes, grants) plus
// redirect URIs and the authentication method; validated by the dashboard's own code
// (registry.ts), audited there, and the secret shown once, on create.
import { z } from 'zod'
import { database } from '@/db/client'
import { findClientById } from '@/db/queries/clients'
import type { Client } from '@/db/schema'
import type { ProtocolRequest, ProtocolResponse } from '../contract'
import { jsonResponse, noStoreHeaders } from '../http'
import { lastPathSegment, readJsonObject, requestContextOf } from '../json-request'
import { OAuthError, bearerErrorResponse } from '../oauth/errors'
import type { FieldErrors } from '../result'
import { authenticateAdministrator } from './administrator-token'
import { createClient, deleteAnyClient, plausibleClientId, updateAnyClient } from './registry'

// Wire names ↔ the registry's input names; refusals name the field the caller sent.
const fieldNames = {
  client_name: 'name',
  scopes: 'scopes',
  grants: 'grantTypes',
  redirect_uris: 'redirectUris',
  post_logout_redirect_uris: 'postLogoutRedirectUris',
  token_endpoint_auth_method: 'tokenEndpointAuthMethod',
} as const
type WireName = keyof typeof fieldNames

const stringList = z.array(z.string().max(2000)).max(50)
const apiClientSchema = z.object({
  client_name: z.string().max(200).optional(),
  scopes: stringList.optional(),
  grants: stringList.optional(),
  redirect_uris: stringList.optional(),
  post_logout_redirect_uris: stringList.optional(),
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional(),
})

/** The API's view of a client. */
export function clientRepresentation(client: Client): Record<string, unknown> {
  return {
    client_id: client.id,
    client_name: client.name,
    scopes: client.scopes,
    grants: client.grantTypes,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    client_type: client.type,
    enabled: client.disabledAt === null,
    created_at: client.createdAt.toISOString(),
  }
}

function registryInput(body: Record<string, unknown>, base: Client | null): Record<string, unknown> {
  const parsed = apiClientSchema.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new OAuthError('invalid_request', `${String(issue.path[0] ?? 'body')}: ${issue.message}`)
  }
  const values = parsed.data
  const method = values.token_endpoint_auth_method ?? base?.tokenEndpointAuthMethod
  return {
    name: values.client_name ?? base?.name,
    type: base ? base.type : method === 'none' ? 'public' : 'confidential',
    scopes: values.scopes ?? base?.scopes,
    grantTypes: values.grants ?? base?.grantTypes,
    redirectUris: values.redirect_uris ?? base?.redirectUris,
    postLogoutRedirectUris: values.post_logout_redirect_uris ?? base?.postLogoutRedirectUris,
    tokenEndpointAuthMethod: method,
    requirePkce: base?.requirePkce ?? true,
    homepageUrl: base?.homepageUrl ?? undefined,
    logoUrl: base?.logoUrl ?? undefined,
    policyUrl: base?.policyUrl ?? undefined,
  }
}

function refusal(errors: FieldErrors): OAuthError {
  const wire = (field: string) => (Object.keys(fieldNames) as WireName[]).find((name) => fieldNames[name] === field) ?? field
  const text = Object.entries(errors).map(([field, message]) => (field === 'form' ? message : `${wire(field)}: ${message}`)).join(' ')
  return new OAuthError('invalid_request', text)
}

const notFound = () => new OAuthError('not_found', 'No such client')

/** POST /api/v1/client */
export async function handleClientCollectionRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const db = await database()
  const administrator = await authenticateAdministrator(db, request)
  if (!administrator) return bearerErrorResponse(null)
  const input = registryInput(readJsonObject(request), null)
  const created = await createClient(db, administrator.actorUserId, input, requestContextOf(request))
  if (!created.ok) throw refusal(created.errors)
  const body = { ...clientRepresentation(created.client), ...(created.secret ? { client_secret: created.secret } : {}) }
  return jsonResponse(body, { status: 201, headers: { ...noStoreHeaders, Location: `/api/v1/client/${encodeURIComponent(created.client.id)}` } })
}

/** GET, PUT, DELETE /api/v1/client/{client_id} */
export async function handleClientItemRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const db = await database()
  const administrator = await authenticateAdministrator(db, request)
  if (!administrator) return bearerErrorResponse(null)
  const clientId = lastPathSegment(request)
  const existing = plausibleClientId(clientId) ? await findClientById(db, clientId) : null
  if (!existing) throw notFound()
  const context = requestContextOf(request)
  if (request.method === 'DELETE') {
    if (!(await deleteAnyClient(db, administrator.actorUserId, clientId, context))) throw notFound()
    return { status: 204, headers: { ...noStoreHeaders }, body: '' }
  }
  if (request.method === 'PUT') {
    const updated = await updateAnyClient(db, administrator.actorUserId, clientId, registryInput(readJsonObject(request), existing), context)
    if (!updated) throw notFound()
    if (!updated.ok) throw refusal(updated.errors)
    return jsonResponse(clientRepresentation(updated.client), { headers: noStoreHeaders })
  }
  return jsonResponse(clientRepresentation(existing), { headers: noStoreHeaders })
}
