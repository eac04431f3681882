// RFC 7591 dynamic registration and RFC 7592 management: REGISTRATION_POLICY, initial access
// tokens, metadata validation with the RFC error codes, registration access tokens.
import { closeDatabase, database } from '../helpers/database'
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { findClientById } from '@/db/queries/clients'
import { findClientRegistration } from '@/db/queries/machine-clients'
import { reloadConfig } from '@/lib/config'
import { issueInitialAccessToken, revokeInitialAccess, setClientVerified } from '@/lib/machine/administration'
import { clientTrust } from '@/lib/machine/trust'
import { ensureAdminScope } from '../helpers/machine'
import { listInitialAccessTokens } from '@/db/queries/machine-clients'
import { auditEventsOfType } from '../helpers/audit'
import { jsonRequest } from '../helpers/machine'
import { basic, makeClient, makeUser, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

after(closeDatabase)
// Migrations run on first use: not inside the first request's deadline.
before(async () => { await database() })
afterEach(() => {
  delete process.env.REGISTRATION_POLICY
  reloadConfig()
})

function policy(value: 'closed' | 'token' | 'open'): void {
  process.env.REGISTRATION_POLICY = value
  reloadConfig()
}

const nativeApp = { client_name: 'Agent', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] }
const register = (metadata: unknown, headers: Record<string, string> = {}) => serve(jsonRequest('POST', '/oauth/register', metadata, headers))

async function initialToken(): Promise<string> {
  const admin = await makeUser({ isAdmin: true })
  const issued = await issueInitialAccessToken(await database(), admin.id, 'CI pipeline', 30, {})
  assert.ok(issued.ok)
  return issued.token
}

describe('registration policy', () => {
  it('closed: refused, and discovery does not advertise the endpoint', async () => {
    policy('closed')
    const response = await register(nativeApp)
    assert.equal(response.status, 403)
    assert.equal((await response.json()).error, 'access_denied')
    const discovery = await (await serve(new Request('http://localhost:3000/.well-known/openid-configuration'))).json()
    assert.equal('registration_endpoint' in discovery, false)
  })

  it('token (the default): advertised; registration without an initial access token is refused with a bearer challenge', async () => {
    const discovery = await (await serve(new Request('http://localhost:3000/.well-known/oauth-authorization-server'))).json()
    assert.equal(discovery.registration_endpoint, 'http://localhost:3000/oauth/register')
    const response = await register(nativeApp)
    assert.equal(response.status, 401)
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="gatehouse", error="invalid_token"/)
  })

  it('token: a forged or revoked initial access token registers nothing', async () => {
    assert.equal((await register(nativeApp, { authorization: 'Bearer forged-initial-access-token' })).status, 401)
    const token = await initialToken()
    const db = await database()
    const row = (await listInitialAccessTokens(db)).find((candidate) => candidate.label === 'CI pipeline' && !candidate.revokedAt)!
    assert.equal((await register(nativeApp, { authorization: `Bearer ${token}` })).status, 201)
    assert.ok((await revokeInitialAccess(db, row.createdBy!, row.id, {})).ok)
    assert.equal((await register(nativeApp, { authorization: `Bearer ${token}` })).status, 401)
  })

  it('open: anyone registers a public client; it is self-registered, unverified and owned by nobody', async () => {
    policy('open')
    const response = await register(nativeApp)
    assert.equal(response.status, 201)
    assert.equal(response.headers.get('cache-control'), 'no-store')
    const body = await response.json()
    assert.equal(body.token_endpoint_auth_method, 'none')
    assert.equal('client_secret' in body, false)
    assert.deepEqual(body.redirect_uris, nativeApp.redirect_uris)
    assert.deepEqual(body.response_types, ['code'])
    assert.equal(typeof body.registration_access_token, 'string')
    assert.equal(body.registration_client_uri, `http://localhost:3000/oauth/register/${body.client_id}`)
    const db = await database()
    const client = await findClientById(db, body.client_id)
    assert.equal(client?.ownerId, null)
    const registration = await findClientRegistration(db, body.client_id)
    assert.equal(registration?.source, 'registration')
    assert.equal(registration?.verifiedAt, null)
    assert.notEqual(registration?.registrationTokenHash, body.registration_access_token, 'only a hash is stored')
    assert.equal((await auditEventsOfType(db, 'client.created', body.client_id))[0]?.details?.via, 'registration')
  })

  it('open: a confidential client gets a secret that works at the token endpoint', async () => {
    policy('open')
    const body = await (await register({ client_name: 'Worker', grant_types: ['client_credentials'], scope: 'openid' })).json()
    assert.equal(body.token_endpoint_auth_method, 'client_secret_basic')
    assert.equal(body.client_secret_expires_at, 0)
    const token = await serve(tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(body.client_id, body.client_secret) }))
    assert.equal(token.status, 200)
  })
})

describe('metadata validation (RFC 7591 §3.2.2)', () => {
  const refusedWith = async (metadata: unknown, error: string) => {
    policy('open')
    const response = await register(metadata)
    assert.equal(response.status, 400, JSON.stringify(metadata))
    const body = await response.json()
    assert.equal(body.error, error, body.error_description)
    return body.error_description as string
  }

  it('invalid_redirect_uri: a fragment, a wildcard, plain http off loopback, a missing list for the code grant, a wrong type', async () => {
    await refusedWith({ ...nativeApp, redirect_uris: ['https://app.example/cb#x'] }, 'invalid_redirect_uri')
    await refusedWith({ ...nativeApp, redirect_uris: ['https://*.example/cb'] }, 'invalid_redirect_uri')
    await refusedWith({ ...nativeApp, redirect_uris: ['http://app.example/cb'] }, 'invalid_redirect_uri')
    await refusedWith({ ...nativeApp, redirect_uris: [] }, 'invalid_redirect_uri')
    await refusedWith({ ...nativeApp, redirect_uris: 'https://app.example/cb' }, 'invalid_redirect_uri')
  })

  it('invalid_client_metadata: auth method, response type, grant types, scope, links, name, body', async () => {
    assert.match(await refusedWith({ ...nativeApp, token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'), /^token_endpoint_auth_method/)
    await refusedWith({ ...nativeApp, response_types: ['token'] }, 'invalid_client_metadata')
    await refusedWith({ ...nativeApp, grant_types: ['implicit'] }, 'invalid_client_metadata')
    assert.match(await refusedWith({ ...nativeApp, grant_types: ['password'] }, 'invalid_client_metadata'), /administrator/)
    assert.match(await refusedWith({ ...nativeApp, grant_types: ['authorization_code', 'client_credentials'] }, 'invalid_client_metadata'), /Public clients/)
    await refusedWith({ ...nativeApp, response_types: ['code'], grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_client_metadata')
    assert.match(await refusedWith({ ...nativeApp, scope: 'openid no-such-scope' }, 'invalid_client_metadata'), /^scope: Unknown scope/)
    assert.match(await refusedWith({ ...nativeApp, client_uri: 'javascript:alert(1)' }, 'invalid_client_metadata'), /^client_uri/)
    await refusedWith({ ...nativeApp, client_name: 'A\u200Bgent' }, 'invalid_client_metadata')
    await refusedWith({ ...nativeApp, client_name: 42 }, 'invalid_client_metadata')
    await refusedWith([nativeApp], 'invalid_client_metadata')
    const notJson = await serve(new Request('http://localhost:3000/oauth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_name":' }))
    assert.equal((await notJson.json()).error, 'invalid_client_metadata')
  })

  it('unknown metadata is ignored (RFC 7591 §3.1)', async () => {
    policy('open')
    const response = await register({ ...nativeApp, software_id: 'x', jwks_uri: 'https://app.example/jwks' })
    assert.equal(response.status, 201)
  })
})

describe('RFC 7592 management with the registration access token', () => {
  async function registered() {
    policy('open')
    return (await register(nativeApp)).json()
  }
  const manage = (method: string, body: { client_id: string; registration_access_token: string }, payload?: unknown, token = body.registration_access_token) =>
    serve(jsonRequest(method, `/oauth/register/${body.client_id}`, payload, { authorization: `Bearer ${token}` }))

  it('reads, updates and deletes the client', async () => {
    const body = await registered()
    const read = await manage('GET', body)
    assert.equal(read.status, 200)
    assert.equal((await read.json()).client_name, 'Agent')
    const updated = await manage('PUT', body, { ...nativeApp, client_id: body.client_id, client_name: 'Agent 2', redirect_uris: ['http://127.0.0.1/other'] })
    assert.equal(updated.status, 200)
    const after = await updated.json()
    assert.equal(after.client_name, 'Agent 2')
    assert.deepEqual(after.redirect_uris, ['http://127.0.0.1/other'])
    assert.equal((await manage('DELETE', body)).status, 204)
    assert.equal(await findClientById(await database(), body.client_id), null)
  })

  it('client impersonation: another client\'s registration token, a forged one or none reaches nothing, and says nothing about existence', async () => {
    const mine = await registered()
    const theirs = await registered()
    for (const response of [
      await manage('GET', mine, undefined, theirs.registration_access_token),
      await manage('DELETE', mine, undefined, 'forged'),
      await manage('GET', { ...mine, client_id: 'gh_no_such_client' }),
      await serve(jsonRequest('GET', `/oauth/register/${mine.client_id}`)),
    ]) {
      assert.equal(response.status, 401)
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/)
    }
    assert.ok(await findClientById(await database(), mine.client_id))
  })

  it('an update must name its client, cannot set a secret or switch to confidential, and is validated like registration', async () => {
    const body = await registered()
    assert.equal((await (await manage('PUT', body, { ...nativeApp })).json()).error, 'invalid_client_metadata')
    assert.equal((await (await manage('PUT', body, { ...nativeApp, client_id: body.client_id, client_secret: 'mine' })).json()).error, 'invalid_client_metadata')
    assert.equal((await (await manage('PUT', body, { ...nativeApp, client_id: body.client_id, token_endpoint_auth_method: 'client_secret_basic' })).json()).error, 'invalid_client_metadata')
    assert.equal((await (await manage('PUT', body, { ...nativeApp, client_id: body.client_id, redirect_uris: ['http://evil.example/'] })).json()).error, 'invalid_redirect_uri')
  })
})

describe('unverified clients', () => {
  it('consent phishing: a self-registered client cannot ask for a restricted scope until an administrator verifies it', async () => {
    policy('open')
    await ensureAdminScope()
    const refused = await register({ ...nativeApp, scope: 'openid admin' })
    assert.equal(refused.status, 400)
    assert.match((await refused.json()).error_description, /^scope: admin is restricted/)
    const body = await (await register({ ...nativeApp, scope: 'openid' })).json()
    const db = await database()
    assert.deepEqual(await clientTrust(db, body.client_id), { selfRegistered: true, verified: false, source: 'registration' })
    const update = { ...nativeApp, client_id: body.client_id, scope: 'openid admin' }
    const manage = () => serve(jsonRequest('PUT', `/oauth/register/${body.client_id}`, update, { authorization: `Bearer ${body.registration_access_token}` }))
    assert.equal((await manage()).status, 400)
    const admin = await makeUser({ isAdmin: true })
    assert.ok((await setClientVerified(db, admin.id, body.client_id, true, {})).ok)
    assert.equal((await clientTrust(db, body.client_id)).verified, true)
    assert.equal((await auditEventsOfType(db, 'client.verified', body.client_id)).length, 1)
    assert.equal((await manage()).status, 200)
  })

  it('clients an administrator or developer created are not "unverified"', async () => {
    const { client } = await makeClient(await makeUser())
    assert.deepEqual(await clientTrust(await database(), client.id), { selfRegistered: false, verified: true, source: null })
  })
})
