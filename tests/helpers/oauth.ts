// Fixtures for protocol tests: real users and clients in the real database, and requests built
// the way a relying party sends them.
import { createHash, randomBytes } from 'node:crypto'
import assert from 'node:assert/strict'
import { database } from '@/db/client'
import { insertUser } from '@/db/queries/users'
import type { Client, User } from '@/db/schema'
import { hashPassword } from '@/lib/auth/passwords'
import { createClient } from '@/lib/clients/registry'
import { config } from '@/lib/config'
import { authorizationStepResponse, isPageStep, stepLocation, type AuthorizationStep } from '@/lib/oauth/authorization-step'
import { startAuthorization, type BrowserSession } from '@/lib/oauth/endpoints/authorize'
import { decideConsent } from '@/lib/oauth/interaction'
import { ensureBuiltinScopes } from '@/lib/oauth/scopes/catalog'
import { toWebResponse } from '@/lib/response'
import { unique } from './database'
import { protocolRequest } from './serve'

export const PASSWORD = 'correct horse battery'

export async function makeUser(overrides: Partial<typeof import('@/db/schema').users.$inferInsert> = {}): Promise<User> {
  const db = await database()
  await ensureBuiltinScopes(db)
  const name = unique('user')
  return insertUser(db, { username: name, email: `${name}@example.test`, passwordHash: await hashPassword(PASSWORD), ...overrides })
}

export interface ClientInput {
  type?: 'confidential' | 'public'
  redirectUris?: string[]
  grantTypes?: string[]
  scopes?: string[]
  tokenEndpointAuthMethod?: string
  requirePkce?: boolean
}

export async function makeClient(owner: User, input: ClientInput = {}): Promise<{ client: Client; secret: string | null }> {
  const db = await database()
  await ensureBuiltinScopes(db)
  const result = await createClient(db, owner.id, {
    name: unique('App '),
    type: input.type ?? 'confidential',
    redirectUris: input.redirectUris ?? ['https://rp.example.test/callback'],
    grantTypes: input.grantTypes ?? ['authorization_code', 'refresh_token', 'client_credentials'],
    scopes: input.scopes ?? ['openid', 'profile', 'email', 'offline_access'],
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
    requirePkce: input.requirePkce ?? true,
  }, {})
  assert.ok(result.ok, `client creation failed: ${JSON.stringify(!result.ok && result.errors)}`)
  return { client: result.client, secret: result.secret }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

export function authorizeUrl(params: Record<string, string | undefined>): string {
  const url = new URL(`${config().ISSUER}/oauth/authorize`)
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value)
  return url.toString()
}

export function sessionOf(user: User, authTime = new Date()): BrowserSession {
  return { user, authTime }
}

/** The authorization flow's step at /oauth/authorize for this URL. */
export async function authorizationStep(url: string, session: BrowserSession | null): Promise<AuthorizationStep> {
  return startAuthorization(await database(), await protocolRequest(new Request(url)), session)
}

/** /oauth/authorize's HTTP answer, rendered the way its route handler renders it. */
export async function authorizeResponse(url: string, session: BrowserSession | null): Promise<Response> {
  return toWebResponse(authorizationStepResponse(await authorizationStep(url, session)))
}

/** Where a step sends the browser (absolute), or null for a page. */
export function locationOf(step: AuthorizationStep): URL | null {
  return isPageStep(step) ? null : new URL(stepLocation(step), config().ISSUER)
}

/** Runs /oauth/authorize and, if asked, the consent page's Allow; returns the final redirect. */
export async function authorize(params: Record<string, string | undefined>, session: BrowserSession | null, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  let step = await authorizationStep(authorizeUrl(params), session)
  if (step.kind === 'consent' && session) step = await decideConsent(await database(), step.requestId, session, decision, {})
  const location = locationOf(step)
  assert.ok(location, `authorize answered a page: ${JSON.stringify(step)}`)
  return location
}

/** A code for `client` and `user` via the full authorize + consent path. */
export async function obtainCode(client: Client, user: User, extra: Record<string, string> = {}): Promise<{ code: string; verifier: string; redirectUri: string }> {
  const { verifier, challenge } = pkcePair()
  const redirectUri = client.redirectUris[0]
  const location = await authorize({
    client_id: client.id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile email offline_access',
    state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  }, sessionOf(user))
  const code = location.searchParams.get('code')
  assert.ok(code, `no code in ${location}`)
  return { code, verifier, redirectUri }
}

export function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+')
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`
}

export function tokenRequest(params: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${config().ISSUER}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  })
}

/** A user who owns a confidential client: the starting point of most protocol tests. */
export async function makeUserWithClient(input: ClientInput = {}): Promise<{ user: User; client: Client; secret: string }> {
  const user = await makeUser()
  const made = await makeClient(user, input)
  return { user, client: made.client, secret: made.secret! }
}
