// State for the fault test: a user with a session, a confidential client with a remembered
// consent (seeded through lib/, as the benchmark does), then refresh-token families obtained
// over HTTP by the real authorization code + PKCE flow.
import assert from 'node:assert/strict'
import postgres from 'postgres'
import { basicAuthorization } from '../../bench/net'
import { randomToken, sha256 } from '@/lib/crypto'
import { grantOfRefreshToken } from './database-state'
import type { Instance } from './instances'
import type { Credentials, Family } from './load'

/** Set-up requests are not measured, only bounded. */
const SETUP_TIMEOUT_MS = 30_000

/** Seeds through lib/ in this process; DATABASE_URL, AUTH_SECRET and ISSUER must be set first. */
export async function seedCredentials(): Promise<Credentials & { redirectUri: string }> {
  const { reloadConfig } = await import('@/lib/config')
  reloadConfig()
  const { seed, BENCH_REDIRECT_URI } = await import('../../bench/seed')
  const seeded = await seed(0)
  return { clientId: seeded.clientId, clientSecret: seeded.clientSecret, sessionCookie: seeded.sessionCookie, redirectUri: BENCH_REDIRECT_URI }
}

/** One family: /oauth/authorize with the session cookie (consent remembered) → code → tokens. */
export async function obtainFamily(instance: Instance, credentials: Credentials & { redirectUri: string }, index: number, sql: postgres.Sql): Promise<Family> {
  const verifier = randomToken()
  const challenge = sha256(verifier)
  const query = new URLSearchParams({
    client_id: credentials.clientId, redirect_uri: credentials.redirectUri, response_type: 'code',
    scope: 'openid profile offline_access', state: `family${index}`, code_challenge: challenge, code_challenge_method: 'S256',
  })
  const authorize = await fetch(`${instance.origin}/oauth/authorize?${query}`, { headers: { cookie: credentials.sessionCookie }, redirect: 'manual', signal: AbortSignal.timeout(SETUP_TIMEOUT_MS) })
  await authorize.arrayBuffer()
  const location = authorize.headers.get('location')
  const code = location ? new URL(location, instance.origin).searchParams.get('code') : null
  assert.ok(code, `authorize answered ${authorize.status} without a code (location ${location})`)
  const token = await fetch(`${instance.origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuthorization(credentials.clientId, credentials.clientSecret) },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: credentials.redirectUri }).toString(),
    signal: AbortSignal.timeout(SETUP_TIMEOUT_MS),
  })
  const body = await token.json() as { access_token?: string; refresh_token?: string }
  assert.equal(token.status, 200, `code exchange answered ${token.status}`)
  assert.ok(body.access_token && body.refresh_token, 'the code exchange issued no refresh token')
  const grantId = await grantOfRefreshToken(sql, body.refresh_token)
  assert.ok(grantId, 'the issued refresh token is not in the database')
  return { index, refreshToken: body.refresh_token, accessToken: body.access_token, grantId, refreshes: 0, lost: null, lostAt: null }
}

/** One untimed request of each page and the resource endpoint: an instance in service has served
 * them before (Next loads and compiles each route on its first request). */
export async function warmUp(instance: Instance, credentials: Credentials, accessToken: string): Promise<void> {
  const requests: [string, RequestInit][] = [
    ['/login', {}],
    ['/account', { headers: { cookie: credentials.sessionCookie } }],
    ['/api/resources', { headers: { authorization: `Bearer ${accessToken}` } }],
  ]
  for (const [path, init] of requests) {
    const response = await fetch(`${instance.origin}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(SETUP_TIMEOUT_MS) })
    await response.arrayBuffer()
    assert.equal(response.status, 200, `warm-up ${path} on ${instance.name} answered ${response.status}`)
  }
}
