import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, database } from '../helpers/database'
import { basic, makeClient, makeUser, obtainCode, tokenRequest, makeUserWithClient } from '../helpers/oauth'
import { createLocalJWKSet, jwtVerify } from 'jose'
import type { Client, User } from '@/db/schema'
import { config } from '@/lib/config'
import { accessTokenHash } from '@/lib/oauth/tokens/id-token'
import { serve } from '../helpers/serve'

const token = serve
after(closeDatabase)

let user: User
let client: Client
let secret: string

before(async () => {
  ({ user, client, secret } = await makeUserWithClient())
})

async function exchange(code: string, verifier: string, redirectUri: string, auth = basic(client.id, secret)) {
  return token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, { authorization: auth }))
}

async function jwks() {
  return createLocalJWKSet(await (await serve(new Request(`${config().ISSUER}/.well-known/jwks.json`))).json())
}

function resource(accessToken: string) {
  return serve(new Request(`${config().ISSUER}/api/resources`, { headers: { authorization: `Bearer ${accessToken}` } }))
}

describe('authorization_code grant (RFC 6749 §4.1.3, RFC 7636)', () => {
  it('issues an RFC 9068 access token, a refresh token and an ID token with no-store', async () => {
    const { code, verifier, redirectUri } = await obtainCode(client, user, { nonce: 'n-0S6_WzA2Mj' })
    const response = await exchange(code, verifier, redirectUri)
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('cache-control'), 'no-store')
    const body = await response.json()
    assert.equal(body.token_type, 'Bearer')
    assert.equal(body.expires_in, 900)
    assert.equal(body.scope, 'openid profile email offline_access')
    assert.ok(body.refresh_token.length >= 43)
    const keys = await jwks()
    const access = await jwtVerify(body.access_token, keys, { typ: 'at+jwt', issuer: config().ISSUER, audience: `${config().ISSUER}/api` })
    assert.equal(access.protectedHeader.alg, 'ES256')
    assert.ok(access.protectedHeader.kid)
    assert.equal(access.payload.sub, user.id)
    assert.equal(access.payload.client_id, client.id)
    assert.equal(access.payload.scope, 'openid profile email offline_access')
    assert.ok(access.payload.jti && access.payload.iat && access.payload.exp === access.payload.iat + 900)
    const id = await jwtVerify(body.id_token, keys, { issuer: config().ISSUER, audience: client.id })
    assert.equal(id.protectedHeader.alg, 'RS256')
    assert.equal(id.payload.nonce, 'n-0S6_WzA2Mj')
    assert.equal(id.payload.at_hash, accessTokenHash(body.access_token))
    assert.equal(id.payload.preferred_username, user.username)
    assert.equal(id.payload.email, user.email)
    assert.ok(typeof id.payload.auth_time === 'number')
    const protectedResponse = await resource(body.access_token)
    assert.equal(protectedResponse.status, 200)
    assert.deepEqual(await protectedResponse.json(), { message: 'Verify access token successful' })
  })

  it('redeeming a code twice fails and revokes the tokens of the first redemption', async () => {
    const { code, verifier, redirectUri } = await obtainCode(client, user)
    const first = await (await exchange(code, verifier, redirectUri)).json()
    const second = await exchange(code, verifier, redirectUri)
    assert.equal(second.status, 400)
    assert.equal((await second.json()).error, 'invalid_grant')
    const refreshed = await token(tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }, { authorization: basic(client.id, secret) }))
    assert.equal((await refreshed.json()).error, 'invalid_grant')
    const protectedResponse = await resource(first.access_token)
    assert.equal(protectedResponse.status, 401)
    assert.match(protectedResponse.headers.get('www-authenticate')!, /error="invalid_token"/)
  })

  it('PKCE: a wrong code_verifier is refused', async () => {
    const { code, redirectUri } = await obtainCode(client, user)
    const response = await exchange(code, 'x'.repeat(43), redirectUri)
    assert.equal(response.status, 400)
    assert.deepEqual(await response.json(), { error: 'invalid_grant', error_description: 'The authorization code is invalid, expired or already used' })
  })

  it('PKCE downgrade: a code issued with a challenge cannot be redeemed without a verifier (RFC 9700 §4.8.2)', async () => {
    const { code, redirectUri } = await obtainCode(client, user)
    const response = await token(tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, { authorization: basic(client.id, secret) }))
    assert.equal((await response.json()).error, 'invalid_grant')
  })

  it('PKCE downgrade: a code_verifier is refused for a code issued without a challenge', async () => {
    const owner = await makeUser()
    const { client: noPkce, secret: noPkceSecret } = await makeClient(owner, { requirePkce: false })
    const { authorize, sessionOf } = await import('../helpers/oauth')
    const location = await authorize({ client_id: noPkce.id, redirect_uri: noPkce.redirectUris[0], response_type: 'code', scope: 'openid' }, sessionOf(owner))
    const code = location.searchParams.get('code')!
    const response = await token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: 'a'.repeat(43), redirect_uri: noPkce.redirectUris[0] }, { authorization: basic(noPkce.id, noPkceSecret!) }))
    assert.equal((await response.json()).error, 'invalid_grant')
  })

  it('a code is bound to its redirect_uri', async () => {
    const { code, verifier } = await obtainCode(client, user)
    const response = await exchange(code, verifier, 'https://rp.example.test/other')
    assert.equal((await response.json()).error, 'invalid_grant')
  })

  it('a code issued to one client cannot be redeemed by another', async () => {
    const { client: other, secret: otherSecret } = await makeClient(user)
    const { code, verifier, redirectUri } = await obtainCode(client, user)
    const response = await exchange(code, verifier, redirectUri, basic(other.id, otherSecret!))
    assert.equal((await response.json()).error, 'invalid_grant')
    // and the rightful client can still redeem it
    assert.equal((await exchange(code, verifier, redirectUri)).status, 200)
  })

  it('an expired code is refused', async () => {
    const { code, verifier, redirectUri } = await obtainCode(client, user)
    const db = await database()
    const { authorizationCodes } = await import('@/db/schema')
    const { sha256 } = await import('@/lib/crypto')
    const { eq } = await import('drizzle-orm')
    await db.update(authorizationCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authorizationCodes.codeHash, sha256(code)))
    assert.equal((await (await exchange(code, verifier, redirectUri)).json()).error, 'invalid_grant')
  })
})

describe('refresh_token grant (RFC 6749 §6, RFC 9700 §4.14.2)', () => {
  async function freshTokens() {
    const { code, verifier, redirectUri } = await obtainCode(client, user)
    return (await exchange(code, verifier, redirectUri)).json()
  }
  const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
    token(tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }, { authorization: basic(client.id, secret) }))

  it('rotates on every use: the new token works, the old one dies', async () => {
    const first = await freshTokens()
    const second = await (await refresh(first.refresh_token)).json()
    assert.ok(second.access_token && second.refresh_token)
    assert.notEqual(second.refresh_token, first.refresh_token)
    assert.equal((await refresh(second.refresh_token)).status, 200)
  })

  it('a refresh records the new access token (resources accept it, revocation can reach it) and its audit row', async () => {
    const first = await freshTokens()
    const second = await (await refresh(first.refresh_token)).json()
    assert.equal((await resource(second.access_token)).status, 200)
    const { auditEventsOfType } = await import('../helpers/audit')
    const rows = await auditEventsOfType(await database(), 'token.refreshed', client.id)
    assert.ok(rows.some((row) => row.actorUserId === user.id && (row.details as { scope?: string } | null)?.scope === second.scope))
    const { accessTokens } = await import('@/db/schema')
    const { eq } = await import('drizzle-orm')
    const { jti } = JSON.parse(Buffer.from(second.access_token.split('.')[1], 'base64url').toString()) as { jti: string }
    const [recorded] = await (await database()).select().from(accessTokens).where(eq(accessTokens.jti, jti))
    assert.equal(recorded?.userId, user.id, 'the access token of a user grant is recorded by jti')
  })

  it('presenting a rotated-out refresh token after its successor was used revokes the whole family', async () => {
    const first = await freshTokens()
    const second = await (await refresh(first.refresh_token)).json()
    const third = await (await refresh(second.refresh_token)).json()
    assert.ok(third.refresh_token)
    const replay = await refresh(first.refresh_token)
    assert.equal(replay.status, 400)
    assert.equal((await replay.json()).error, 'invalid_grant')
    assert.equal((await (await refresh(third.refresh_token)).json()).error, 'invalid_grant')
    assert.equal((await resource(third.access_token)).status, 401)
  })

  it('scope may be narrowed, never widened', async () => {
    const first = await freshTokens()
    const narrowed = await (await refresh(first.refresh_token, { scope: 'openid' })).json()
    assert.equal(narrowed.scope, 'openid')
    // the new refresh token keeps the original grant's scope
    const again = await (await refresh(narrowed.refresh_token)).json()
    assert.equal(again.scope, 'openid profile email offline_access')
    const widened = await refresh(again.refresh_token, { scope: 'openid admin' })
    assert.equal((await widened.json()).error, 'invalid_scope')
  })

  it('a refresh token is bound to its client', async () => {
    const first = await freshTokens()
    const { client: other, secret: otherSecret } = await makeClient(user)
    const response = await token(tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }, { authorization: basic(other.id, otherSecret!) }))
    assert.equal((await response.json()).error, 'invalid_grant')
  })

  it('the same refresh token redeemed concurrently leaves exactly one usable refresh token', async () => {
    const first = await freshTokens()
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(first.refresh_token)))
    const issued = await Promise.all(answers.filter((answer) => answer.status === 200).map(async (answer) => (await answer.json()).refresh_token as string))
    assert.ok(issued.length >= 1)
    const uses = await Promise.all(issued.map((refreshToken) => refresh(refreshToken)))
    assert.equal(uses.filter((answer) => answer.status === 200).length, 1)
  })
})

describe('client_credentials grant (RFC 6749 §4.4)', () => {
  it('issues an access token whose sub is the client id, with no refresh token', async () => {
    const db = await database()
    const { insertMissingScopes } = await import('@/db/queries/scopes')
    const { invalidateScopeCatalog } = await import('@/lib/oauth/scopes/catalog')
    await insertMissingScopes(db, [
      { name: 'reports:read', description: 'Read reports' },
      { name: 'reports:admin', description: 'Administer reports', restricted: true },
    ])
    invalidateScopeCatalog()
    const owner = await makeUser()
    const { client: machine, secret: machineSecret } = await makeClient(owner, { grantTypes: ['client_credentials'], redirectUris: [], scopes: ['openid', 'reports:read', 'reports:admin'] })
    const response = await token(tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(machine.id, machineSecret!) }))
    assert.equal(response.status, 200)
    const body = await response.json()
    // openid is a user scope, and reports:admin is restricted: the owner does not hold it
    assert.equal(body.scope, 'reports:read')
    assert.equal(body.refresh_token, undefined)
    assert.equal(body.id_token, undefined)
    const access = await jwtVerify(body.access_token, await jwks())
    assert.equal(access.payload.sub, machine.id)
    assert.equal((await resource(body.access_token)).status, 200)
    const userScopeOnly = await token(tokenRequest({ grant_type: 'client_credentials', scope: 'openid' }, { authorization: basic(machine.id, machineSecret!) }))
    assert.equal((await userScopeOnly.json()).error, 'invalid_scope')
    const unknown = await token(tokenRequest({ grant_type: 'client_credentials', scope: 'nonexistent' }, { authorization: basic(machine.id, machineSecret!) }))
    assert.equal((await unknown.json()).error, 'invalid_scope')
  })

  it('is refused for public clients', async () => {
    const { client: spa } = await makeClient(user, { type: 'public', grantTypes: ['authorization_code'] })
    const response = await token(tokenRequest({ grant_type: 'client_credentials', client_id: spa.id }))
    assert.equal(response.status, 400)
    assert.equal((await response.json()).error, 'unauthorized_client')
  })
})

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  it('invalid_client is 401 with WWW-Authenticate when Basic was used', async () => {
    const response = await token(tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(client.id, 'wrong') }))
    assert.equal(response.status, 401)
    assert.match(response.headers.get('www-authenticate')!, /^Basic/)
    assert.equal(response.headers.get('cache-control'), 'no-store')
    assert.equal((await response.json()).error, 'invalid_client')
  })

  it('an unknown grant_type is unsupported_grant_type; implicit is not a grant', async () => {
    const response = await token(tokenRequest({ grant_type: 'implicit' }, { authorization: basic(client.id, secret) }))
    assert.equal(response.status, 400)
    assert.deepEqual(await response.json(), { error: 'unsupported_grant_type', error_description: 'The grant_type is not supported' })
  })

  it('the password grant is refused unless an admin enabled it', async () => {
    const response = await token(tokenRequest({ grant_type: 'password', username: user.username, password: 'x' }, { authorization: basic(client.id, secret) }))
    assert.equal((await response.json()).error, 'unauthorized_client')
  })

  it('repeated parameters are refused (RFC 6749 §3.1)', async () => {
    const request = new Request(`${config().ISSUER}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.id, secret) },
      body: 'grant_type=client_credentials&grant_type=client_credentials',
    })
    const response = await token(request)
    assert.equal(response.status, 400)
    assert.equal((await response.json()).error, 'invalid_request')
  })

  it('JSON bodies, huge bodies and invalid UTF-8 are invalid_request, never 5xx', async () => {
    const bodies: [string, BodyInit][] = [
      ['application/json', '{"grant_type":"client_credentials"}'],
      ['application/x-www-form-urlencoded', 'a='.padEnd(100_000, 'x')],
      ['application/x-www-form-urlencoded', new Uint8Array([0x67, 0x3d, 0xff, 0xfe])],
    ]
    for (const [type, body] of bodies) {
      const response = await token(new Request(`${config().ISSUER}/oauth/token`, { method: 'POST', headers: { 'content-type': type }, body }))
      assert.equal(response.status, 400, type)
      assert.equal((await response.json()).error, 'invalid_request')
    }
  })
})
