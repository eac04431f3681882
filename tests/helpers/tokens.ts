// Tokens obtained the way a relying party gets them: authorize + consent, then /oauth/token.
import assert from 'node:assert/strict'
import type { Client, User } from '@/db/schema'
import { config } from '@/lib/config'
import { basic, obtainCode, tokenRequest } from './oauth'
import { serve } from './serve'

const token = serve

export interface IssuedTokens { access_token: string; refresh_token?: string; id_token?: string; scope: string; expires_in: number }

export async function userTokens(client: Client, secret: string, user: User, scope = 'openid profile email offline_access', extra: Record<string, string> = {}): Promise<IssuedTokens> {
  const { code, verifier, redirectUri } = await obtainCode(client, user, { scope, ...extra })
  const response = await token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, { authorization: basic(client.id, secret) }))
  assert.equal(response.status, 200, await response.clone().text())
  return response.json()
}

export async function clientTokens(client: Client, secret: string, scope?: string): Promise<IssuedTokens> {
  const response = await token(tokenRequest({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, { authorization: basic(client.id, secret) }))
  assert.equal(response.status, 200, await response.clone().text())
  return response.json()
}

export async function refresh(client: Client, secret: string, refreshToken: string): Promise<Response> {
  return token(tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, { authorization: basic(client.id, secret) }))
}

/** A form POST to a back-channel endpoint, e.g. /oauth/revoke or /oauth/introspect. */
export function formPost(path: string, params: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${config().ISSUER}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  })
}

export function bearerGet(path: string, accessToken: string): Request {
  return new Request(`${config().ISSUER}${path}`, { headers: { authorization: `Bearer ${accessToken}` } })
}

/** A confidential client_credentials client allowed the API scope `reports:read`, plus its secret. */
export async function machineClient(owner: User): Promise<{ client: Client; secret: string }> {
  const { database } = await import('@/db/client')
  const { insertMissingScopes } = await import('@/db/queries/scopes')
  const { invalidateScopeCatalog } = await import('@/lib/oauth/scopes/catalog')
  const { makeClient } = await import('./oauth')
  await insertMissingScopes(await database(), [{ name: 'reports:read', description: 'Read reports' }])
  invalidateScopeCatalog()
  const made = await makeClient(owner, { grantTypes: ['client_credentials'], redirectUris: [], scopes: ['reports:read'] })
  return { client: made.client, secret: made.secret! }
}
