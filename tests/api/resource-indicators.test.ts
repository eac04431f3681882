// RFC 8707 resource indicators at authorize and token, and RFC 9728 metadata for /api/resources.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeJwt } from 'jose'
import { insertMissingScopes } from '@/db/queries/scopes'
import { removeProtectedResource, saveProtectedResource } from '@/lib/machine/administration'
import { invalidateScopeCatalog } from '@/lib/oauth/scopes/catalog'
import { authorize, basic, makeUserWithClient, obtainCode, pkcePair, sessionOf, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'
import type { Client, User } from '@/db/schema'

after(closeDatabase)

const mcp = `https://mcp-${unique('r').toLowerCase()}.example.test/mcp`
const tools = unique('tools:')
let user: User
let client: Client
let secret: string

before(async () => {
  const db = await database()
  await insertMissingScopes(db, [{ name: tools, description: 'Use the tools' }])
  invalidateScopeCatalog()
  ;({ user, client, secret } = await makeUserWithClient({ scopes: ['openid', 'profile', 'email', 'offline_access', tools] }))
  const admin = user
  assert.ok((await saveProtectedResource(db, admin.id, { uri: mcp, name: 'MCP server', scopes: [tools] }, {})).ok)
})

const redeem = async (code: string, verifier: string, redirectUri: string, extra: Record<string, string> = {}) =>
  serve(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, ...extra }, { authorization: basic(client.id, secret) }))

describe('resource indicators (RFC 8707)', () => {
  it('a token for a registered resource has it as aud and only its scopes (plus OpenID ones)', async () => {
    const { code, verifier, redirectUri } = await obtainCode(client, user, { resource: mcp, scope: `openid offline_access ${tools}` })
    const response = await redeem(code, verifier, redirectUri, { resource: mcp })
    assert.equal(response.status, 200)
    const body = await response.json()
    const claims = decodeJwt(body.access_token)
    assert.equal(claims.aud, mcp)
    assert.deepEqual(String(claims.scope).split(' ').sort(), ['offline_access', 'openid', tools].sort())
    // Refresh keeps the resource; naming another one widens, and is refused.
    const refreshed = await serve(tokenRequest({ grant_type: 'refresh_token', refresh_token: body.refresh_token }, { authorization: basic(client.id, secret) }))
    const next = await refreshed.json()
    assert.equal(decodeJwt(next.access_token).aud, mcp)
    const widened = await serve(tokenRequest({ grant_type: 'refresh_token', refresh_token: next.refresh_token, resource: 'http://localhost:3000/api' }, { authorization: basic(client.id, secret) }))
    assert.equal(widened.status, 400)
    assert.equal((await widened.json()).error, 'invalid_target')
  })

  it('token replay at another resource: a token for the MCP server is refused by Gatehouse\'s own API', async () => {
    const { code, verifier, redirectUri } = await obtainCode(client, user, { resource: mcp, scope: `openid ${tools}` })
    const body = await (await redeem(code, verifier, redirectUri)).json()
    const response = await serve(new Request('http://localhost:3000/api/resources', { headers: { authorization: `Bearer ${body.access_token}` } }))
    assert.equal(response.status, 401)
  })

  it('the code grant cannot switch to a resource the user did not authorize', async () => {
    const { code, verifier, redirectUri } = await obtainCode(client, user)
    const response = await redeem(code, verifier, redirectUri, { resource: mcp })
    assert.equal(response.status, 400)
    assert.equal((await response.json()).error, 'invalid_target')
  })

  it('an unknown resource at authorize is invalid_target at the redirect URI', async () => {
    const { challenge } = pkcePair()
    const location = await authorize({
      client_id: client.id, redirect_uri: client.redirectUris[0], response_type: 'code', scope: 'openid', state: 's',
      code_challenge: challenge, code_challenge_method: 'S256', resource: 'https://unknown.example.test/',
    }, sessionOf(user))
    assert.equal(location.searchParams.get('error'), 'invalid_target')
    assert.equal(location.searchParams.get('state'), 's')
  })

  it('discovery lists the resources a token can be for (RFC 9728 §4): the API and the registered ones, a removed one no more', async () => {
    const discovery = async () => (await (await serve(new Request('http://localhost:3000/.well-known/oauth-authorization-server'))).json()).protected_resources as string[]
    const listed = await discovery()
    assert.equal(listed[0], 'http://localhost:3000/api')
    assert.ok(listed.includes(mcp))
    const gone = `https://gone-${unique('r').toLowerCase()}.example.test/mcp`
    const db = await database()
    assert.ok((await saveProtectedResource(db, user.id, { uri: gone, name: 'Removed soon', scopes: [tools] }, {})).ok)
    assert.ok((await discovery()).includes(gone))
    assert.ok((await removeProtectedResource(db, user.id, gone, {})).ok)
    assert.equal((await discovery()).includes(gone), false)
    const { challenge } = pkcePair()
    const location = await authorize({
      client_id: client.id, redirect_uri: client.redirectUris[0], response_type: 'code', scope: 'openid', state: 's',
      code_challenge: challenge, code_challenge_method: 'S256', resource: gone,
    }, sessionOf(user))
    assert.equal(location.searchParams.get('error'), 'invalid_target')
  })

  it('client_credentials for a resource; an unknown one is invalid_target', async () => {
    const ok = await serve(tokenRequest({ grant_type: 'client_credentials', resource: mcp }, { authorization: basic(client.id, secret) }))
    const body = await ok.json()
    assert.equal(decodeJwt(body.access_token).aud, mcp)
    assert.equal(body.scope, tools)
    const unknown = await serve(tokenRequest({ grant_type: 'client_credentials', resource: 'https://unknown.example.test/' }, { authorization: basic(client.id, secret) }))
    assert.equal((await unknown.json()).error, 'invalid_target')
  })
})

describe('protected-resource metadata (RFC 9728)', () => {
  it('/.well-known/oauth-protected-resource names the API and its authorization server', async () => {
    const response = await serve(new Request('http://localhost:3000/.well-known/oauth-protected-resource'))
    assert.equal(response.status, 200)
    const body = await response.json()
    assert.equal(body.resource, 'http://localhost:3000/api')
    assert.deepEqual(body.authorization_servers, ['http://localhost:3000'])
    assert.ok(body.scopes_supported.includes(tools))
    assert.equal(body.scopes_supported.includes('openid'), false)
  })

  it('the challenge of /api/resources points to it', async () => {
    const response = await serve(new Request('http://localhost:3000/api/resources'))
    assert.equal(response.status, 401)
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="gatehouse", resource_metadata="http://localhost:3000/.well-known/oauth-protected-resource"')
  })
})
