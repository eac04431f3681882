// The checks docs/integrate.md tells a resource server to make (issuer, audience, at+jwt, ES256,
// against the JWKS) accept Gatehouse's access tokens and refuse everything else it signs.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose'
import { closeDatabase } from '../helpers/database'
import { makeUserWithClient } from '../helpers/oauth'
import { clientTokens, userTokens, type IssuedTokens } from '../helpers/tokens'
import type { Client, User } from '@/db/schema'
import { config } from '@/lib/config'
import { serve } from '../helpers/serve'

after(closeDatabase)

let user: User
let client: Client
let secret: string
let keys: JWTVerifyGetKey
let tokens: IssuedTokens
before(async () => {
  ({ user, client, secret } = await makeUserWithClient())
  keys = createLocalJWKSet(await (await serve(new Request(`${config().ISSUER}/.well-known/jwks.json`))).json())
  tokens = await userTokens(client, secret, user)
})

/** The verification in docs/integrate.md, with the same options. */
function verify(token: string) {
  const issuer = config().ISSUER
  return jwtVerify(token, keys, { issuer, audience: `${issuer}/api`, typ: 'at+jwt', algorithms: ['ES256'], clockTolerance: 30 })
}

describe('a resource server verifying offline as documented', () => {
  it('accepts a user access token: sub is the user, scope and client_id are there', async () => {
    const { payload } = await verify(tokens.access_token)
    assert.equal(payload.sub, user.id)
    assert.equal(payload.client_id, client.id)
    assert.ok(String(payload.scope).split(' ').includes('openid'))
    assert.equal(typeof payload.auth_time, 'number')
  })

  it('accepts a client-credentials token, whose sub is the client', async () => {
    const { payload } = await verify((await clientTokens(client, secret)).access_token)
    assert.equal(payload.sub, client.id)
    assert.equal(payload.client_id, client.id)
  })

  it('refuses an ID token presented as an access token (token confusion)', async () => {
    await assert.rejects(verify(tokens.id_token!))
  })

  it('refuses an access token whose signature was tampered with', async () => {
    const [header, payload, signature] = tokens.access_token.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), scope: 'admin' })).toString('base64url')
    await assert.rejects(verify(`${header}.${forged}.${signature}`))
  })
})
