// Fixtures for the machine-client tests: an administrator's bearer token with the admin scope,
// and JSON requests the way an automation script sends them.
import { insertMissingScopes } from '@/db/queries/scopes'
import { config } from '@/lib/config'
import { invalidateScopeCatalog } from '@/lib/oauth/scopes/catalog'
import { database } from './database'
import { basic, makeClient, makeUser, tokenRequest } from './oauth'
import { serve } from './serve'

export async function ensureAdminScope(): Promise<void> {
  await insertMissingScopes(await database(), [
    { name: 'admin', description: 'Administer Gatehouse', restricted: true },
    { name: 'reports', description: 'Read reports' },
  ])
  invalidateScopeCatalog()
}

/** A client_credentials token carrying `scope`, for a client owned by a user (admin or not). */
export async function machineToken(options: { admin: boolean; scope?: string }): Promise<string> {
  await ensureAdminScope()
  const owner = await makeUser({ isAdmin: options.admin })
  const { client, secret } = await makeClient(owner, { grantTypes: ['client_credentials'], redirectUris: [], scopes: ['admin', 'reports'] })
  const response = await serve(tokenRequest({ grant_type: 'client_credentials', scope: options.scope ?? 'admin' }, { authorization: basic(client.id, secret!) }))
  const body = await response.json() as { access_token?: string; scope?: string }
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`)
  return body.access_token
}

export function jsonRequest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${config().ISSUER}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}
