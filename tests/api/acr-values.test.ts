// acr_values (OIDC Core §3.1.2.1): a relying party that asks for the multi-factor context class
// gets it, or the user is asked for their second factor on the session they already have; the ID
// token says which class the sign-in reached (acr), so a password alone is never passed off as more.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generate } from 'otplib'
import type { Database } from '@/db/client'
import { eq } from 'drizzle-orm'
import { clients, type Client, type User } from '@/db/schema'
import { config } from '@/lib/config'
import { ACR_MULTI_FACTOR, ACR_SINGLE_FACTOR, requiresMultiFactor } from '@/lib/factors/acr'
import { confirmTotpSetup, totpSetup } from '@/lib/factors/enrolment'
import { beginPendingSignIn, completeSecondStep } from '@/lib/factors/second-step'
import { continueAuthorizationPath } from '@/lib/oauth/authorization-step'
import type { BrowserSession } from '@/lib/oauth/endpoints/authorize'
import { continueAuthorization } from '@/lib/oauth/interaction'
import { authorizationStep, authorizeUrl, basic, locationOf, makeClient, makeUser, pkcePair, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

let db: Database
// A user first: the built-in scopes exist before discovery caches the catalog.
before(async () => { db = await database(); await makeUser() })
after(closeDatabase)

const passwordOnly = (user: User): BrowserSession => ({ user, authTime: new Date(), amr: ['pwd'] })

async function setting(): Promise<{ user: User; client: Client; secret: string; verifier: string; params: Record<string, string> }> {
  const user = await makeUser()
  const { client, secret } = await makeClient(user)
  const { verifier, challenge } = pkcePair()
  // A first-party client: no consent page in the way of what is tested here.
  await db.update(clients).set({ firstParty: true }).where(eq(clients.id, client.id))
  const params = { client_id: client.id, redirect_uri: client.redirectUris[0], response_type: 'code', scope: 'openid', state: 's', code_challenge: challenge, code_challenge_method: 'S256' }
  return { user, client, secret: secret!, verifier, params }
}

async function idTokenClaims(client: Client, secret: string, verifier: string, location: URL): Promise<Record<string, unknown>> {
  const code = location.searchParams.get('code')
  assert.ok(code, `no code in ${location}`)
  const response = await serve(tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUris[0], code_verifier: verifier }, { authorization: basic(client.id, secret) }))
  const body = await response.json()
  return JSON.parse(Buffer.from(body.id_token.split('.')[1], 'base64url').toString())
}

describe('acr_values', () => {
  it('discovery advertises the two context classes and the acr claim', async () => {
    const metadata = await (await serve(new Request(`${config().ISSUER}/.well-known/openid-configuration`))).json()
    assert.deepEqual(metadata.acr_values_supported, [ACR_SINGLE_FACTOR, ACR_MULTI_FACTOR])
    assert.ok(metadata.claims_supported.includes('acr'))
  })

  it('only a list whose known values are all multi-factor asks for a second factor', () => {
    assert.equal(requiresMultiFactor(undefined), false)
    assert.equal(requiresMultiFactor(ACR_MULTI_FACTOR), true)
    assert.equal(requiresMultiFactor(`urn:example:gold ${ACR_MULTI_FACTOR}`), true)
    assert.equal(requiresMultiFactor(`${ACR_MULTI_FACTOR} ${ACR_SINGLE_FACTOR}`), false)
    assert.equal(requiresMultiFactor('urn:example:unknown'), false)
  })

  it('attack: a password-only session (a stolen cookie) asked for multi-factor gets the second step, not a code', async () => {
    const { user, params } = await setting()
    const step = await authorizationStep(authorizeUrl({ ...params, acr_values: ACR_MULTI_FACTOR }), passwordOnly(user))
    assert.equal(step.kind, 'second_factor')
    assert.equal(locationOf(step)?.pathname, '/login/verify/start')
    const silent = locationOf(await authorizationStep(authorizeUrl({ ...params, acr_values: ACR_MULTI_FACTOR, prompt: 'none' }), passwordOnly(user)))!
    assert.equal(silent.searchParams.get('error'), 'interaction_required')
    assert.equal(silent.searchParams.get('code'), null)
  })

  it('steps up on the same session: after the app code the stored request issues a code whose ID token says multi-factor', async () => {
    const { user, client, secret, verifier, params } = await setting()
    const now = new Date()
    const setup = (await totpSetup(db, user, now))!
    assert.ok((await confirmTotpSetup(db, user, await generate({ secret: setup.secret, epoch: Math.floor(now.getTime() / 1000) }), {}, now)).ok)
    const step = await authorizationStep(authorizeUrl({ ...params, acr_values: ACR_MULTI_FACTOR }), passwordOnly(user))
    assert.equal(step.kind, 'second_factor')
    const requestId = (step as { requestId: string }).requestId
    // What /login/verify/start does with the session's amr, then the second-step page.
    const later = new Date(now.getTime() + 60_000)
    const token = await beginPendingSignIn(db, { purpose: 'second_factor', userId: user.id, amr: ['pwd'], returnTo: continueAuthorizationPath(requestId) }, later)
    const signedIn = await completeSecondStep(db, token, await generate({ secret: setup.secret, epoch: Math.floor(later.getTime() / 1000) }), { ip: unique('ip') }, later)
    assert.ok(signedIn.ok, JSON.stringify(signedIn))
    assert.equal(signedIn.returnTo, continueAuthorizationPath(requestId))
    const done = locationOf(await continueAuthorization(db, requestId, { user, authTime: later, amr: signedIn.amr }))!
    const claims = await idTokenClaims(client, secret, verifier, done)
    assert.equal(claims.acr, ACR_MULTI_FACTOR)
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa'])
  })

  it('a session that already has both factors is not asked again', async () => {
    const { user, client, secret, verifier, params } = await setting()
    const location = locationOf(await authorizationStep(authorizeUrl({ ...params, acr_values: ACR_MULTI_FACTOR }), { user, authTime: new Date(), amr: ['hwk', 'mfa'] }))!
    assert.equal((await idTokenClaims(client, secret, verifier, location)).acr, ACR_MULTI_FACTOR)
  })

  it('a password sign-in that asked for nothing (or accepts one factor) says single-factor in acr', async () => {
    const { user, client, secret, verifier, params } = await setting()
    const location = locationOf(await authorizationStep(authorizeUrl({ ...params, acr_values: `${ACR_MULTI_FACTOR} ${ACR_SINGLE_FACTOR}` }), passwordOnly(user)))!
    const claims = await idTokenClaims(client, secret, verifier, location)
    assert.equal(claims.acr, ACR_SINGLE_FACTOR)
    assert.deepEqual(claims.amr, ['pwd'])
  })

  it('refuses an acr_values longer than 512 characters at the redirect URI', async () => {
    const { user, params } = await setting()
    const location = locationOf(await authorizationStep(authorizeUrl({ ...params, acr_values: 'x'.repeat(513) }), passwordOnly(user)))!
    assert.equal(location.searchParams.get('error'), 'invalid_request')
  })
})
