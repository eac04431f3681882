// The client management API: /api/v1/client and /api/v1/client/{client_id}, bearer tokens with
// the admin scope held by an administrator, the dashboard's validation, the secret once.
import { closeDatabase, database } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { findClientById } from '@/db/queries/clients'
import { auditEventsOfType } from '../helpers/audit'
import { jsonRequest, machineToken } from '../helpers/machine'
import { basic, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

after(closeDatabase)

let adminToken: string
before(async () => {
  adminToken = await machineToken({ admin: true })
})
const asAdmin = () => ({ authorization: `Bearer ${adminToken}` })
const seedClient = { client_name: 'Reporting job', scopes: ['openid'], grants: ['client_credentials'] }

describe('client management API', () => {
  it('creates a client from the seed field names and returns the secret once', async () => {
    const response = await serve(jsonRequest('POST', '/api/v1/client', seedClient, asAdmin()))
    assert.equal(response.status, 201)
    assert.equal(response.headers.get('cache-control'), 'no-store')
    const body = await response.json()
    assert.match(body.client_id, /^gh_/)
    assert.equal(body.client_name, 'Reporting job')
    assert.deepEqual(body.grants, ['client_credentials'])
    assert.equal(typeof body.client_secret, 'string')
    // The secret works at the token endpoint, and is never shown again.
    const token = await serve(tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(body.client_id, body.client_secret) }))
    assert.equal(token.status, 200)
    const read = await (await serve(jsonRequest('GET', `/api/v1/client/${body.client_id}`, undefined, asAdmin()))).json()
    assert.equal(read.client_id, body.client_id)
    assert.equal('client_secret' in read, false)
    assert.ok((await auditEventsOfType(await database(), 'client.created', body.client_id)).length === 1)
  })

  it('creates a public client with redirect URIs and token_endpoint_auth_method none', async () => {
    const response = await serve(jsonRequest('POST', '/api/v1/client', {
      client_name: 'CLI', scopes: ['openid'], grants: ['authorization_code', 'refresh_token'],
      redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none',
    }, asAdmin()))
    assert.equal(response.status, 201)
    const body = await response.json()
    assert.equal(body.client_type, 'public')
    assert.equal('client_secret' in body, false)
  })

  it('refuses what the dashboard refuses, with the same messages, as JSON', async () => {
    const passwordGrant = await serve(jsonRequest('POST', '/api/v1/client', { ...seedClient, grants: ['password'] }, asAdmin()))
    assert.equal(passwordGrant.status, 400)
    assert.deepEqual(await passwordGrant.json(), { error: 'invalid_request', error_description: 'grants: The password grant can only be enabled by an administrator.' })
    const badRedirect = await serve(jsonRequest('POST', '/api/v1/client', { ...seedClient, grants: ['authorization_code'], redirect_uris: ['http://evil.example/cb'] }, asAdmin()))
    assert.equal(badRedirect.status, 400)
    assert.match((await badRedirect.json()).error_description, /^redirect_uris: /)
    const unknownScope = await serve(jsonRequest('POST', '/api/v1/client', { ...seedClient, scopes: ['no-such-scope'] }, asAdmin()))
    assert.equal((await unknownScope.json()).error_description, 'scopes: Unknown scope: no-such-scope.')
    const wrongType = await serve(jsonRequest('POST', '/api/v1/client', { ...seedClient, scopes: 'openid' }, asAdmin()))
    assert.equal(wrongType.status, 400)
    const notJson = await serve(new Request('http://localhost:3000/api/v1/client', { method: 'POST', headers: { ...asAdmin(), 'content-type': 'text/plain' }, body: '{}' }))
    assert.deepEqual(await notJson.json(), { error: 'invalid_request', error_description: 'The request body must be application/json' })
  })

  it('updates and deletes a client, audited', async () => {
    const created = await (await serve(jsonRequest('POST', '/api/v1/client', seedClient, asAdmin()))).json()
    const path = `/api/v1/client/${created.client_id}`
    const updated = await serve(jsonRequest('PUT', path, { client_name: 'Renamed job' }, asAdmin()))
    assert.equal(updated.status, 200)
    assert.equal((await updated.json()).client_name, 'Renamed job')
    assert.equal((await findClientById(await database(), created.client_id))?.name, 'Renamed job')
    const deleted = await serve(jsonRequest('DELETE', path, undefined, asAdmin()))
    assert.equal(deleted.status, 204)
    assert.equal(await findClientById(await database(), created.client_id), null)
    const gone = await serve(jsonRequest('GET', path, undefined, asAdmin()))
    assert.equal(gone.status, 404)
    assert.deepEqual(await gone.json(), { error: 'not_found', error_description: 'No such client' })
    const db = await database()
    assert.equal((await auditEventsOfType(db, 'client.updated', created.client_id)).length, 1)
    assert.equal((await auditEventsOfType(db, 'client.deleted', created.client_id)).length, 1)
  })

  it('privilege escalation: a token without the admin scope, or of a non-administrator, is refused', async () => {
    const none = await serve(jsonRequest('POST', '/api/v1/client', seedClient))
    assert.equal(none.status, 401)
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer realm="gatehouse"$/)
    const withoutScope = await machineToken({ admin: true, scope: 'reports' })
    const response = await serve(jsonRequest('POST', '/api/v1/client', seedClient, { authorization: `Bearer ${withoutScope}` }))
    assert.equal(response.status, 403)
    assert.match(response.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/)
    // A non-administrator's client cannot even obtain the restricted admin scope.
    await assert.rejects(machineToken({ admin: false }))
    const forged = await serve(jsonRequest('GET', '/api/v1/client/gh_x', undefined, { authorization: 'Bearer not.a.token' }))
    assert.equal(forged.status, 401)
    assert.match(forged.headers.get('www-authenticate') ?? '', /error="invalid_token"/)
  })

  it('answers PATCH with 405 and the allowed methods', async () => {
    const response = await serve(jsonRequest('PATCH', '/api/v1/client/gh_x', {}, asAdmin()))
    assert.equal(response.status, 405)
    assert.equal(response.headers.get('allow'), 'GET, HEAD, PUT, DELETE, OPTIONS')
  })
})
