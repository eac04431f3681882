// client_credentials without a scope parameter (RFC 6749 §3.3, §4.4.2): the client's own
// non-OpenID scopes, or — when it has none — a token with no scope, as node-oidc-provider issues.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { insertMissingScopes } from '@/db/queries/scopes'
import { invalidateScopeCatalog } from '@/lib/oauth/scopes/catalog'
import { verifyAccessToken } from '@/lib/oauth/tokens/access-token'
import { basic, makeClient, makeUser, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

after(closeDatabase)
const token = serve

async function machine(scopes: string[]) {
  const { client, secret } = await makeClient(await makeUser(), { grantTypes: ['client_credentials'], redirectUris: [], scopes })
  return (params: Record<string, string>) => token(tokenRequest({ grant_type: 'client_credentials', ...params }, { authorization: basic(client.id, secret!) }))
}

describe('client_credentials with no scope', () => {
  it('a fresh install: a client with only OpenID scopes gets a token with no scope, not invalid_scope', async () => {
    const ask = await machine(['openid', 'profile', 'email'])
    const response = await ask({})
    assert.equal(response.status, 200)
    const body = await response.json()
    assert.equal('scope' in body, false, 'no scope granted, so none in the response')
    assert.equal((await verifyAccessToken(body.access_token)).scope, '')
  })

  it("gets the client's non-OpenID scopes", async () => {
    const api = unique('api:')
    await insertMissingScopes(await database(), [{ name: api, description: 'An API' }])
    invalidateScopeCatalog()
    const ask = await machine(['openid', api])
    const body = await (await ask({})).json()
    assert.equal(body.scope, api)
  })

  it('an error names requested scopes only when some were requested', async () => {
    const ask = await machine(['openid'])
    const response = await ask({ scope: 'openid' })
    assert.equal(response.status, 400)
    assert.deepEqual(await response.json(), { error: 'invalid_scope', error_description: 'None of the requested scopes can be granted' })
  })
})
