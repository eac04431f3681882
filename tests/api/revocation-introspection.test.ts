// RFC 7009 revocation and RFC 7662 introspection: own/other client × access/refresh ×
// active/expired/revoked, and what a revoked token is worth at the resource endpoints.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, database } from '../helpers/database'
import { basic, makeClient, makeUser } from '../helpers/oauth'
import { bearerGet, clientTokens, formPost, machineClient, refresh, userTokens } from '../helpers/tokens'
import type { Client, User } from '@/db/schema'
import { auditEventsOfType } from '../helpers/audit'
import { updateUser } from '@/db/queries/users'
import { config } from '@/lib/config'
import { introspectToken } from '@/lib/oauth/endpoints/introspection'
import { serve } from '../helpers/serve'

after(closeDatabase)
const revoke = serve
const introspect = serve
const resource = serve
const userinfo = serve
const me = serve

let user: User
let client: Client
let secret: string
let other: Client
let otherSecret: string
before(async () => {
  user = await makeUser()
  ;({ client, secret } = await makeClient(user).then((made) => ({ client: made.client, secret: made.secret! })))
  ;({ client: other, secret: otherSecret } = await makeClient(await makeUser()).then((made) => ({ client: made.client, secret: made.secret! })))
})

function revokeAs(caller: Client, callerSecret: string, token: string, hint?: string) {
  return revoke(formPost('/oauth/revoke', { token, ...(hint ? { token_type_hint: hint } : {}) }, { authorization: basic(caller.id, callerSecret) }))
}

async function introspectAs(caller: Client, callerSecret: string, token: string, hint?: string) {
  const response = await introspect(formPost('/oauth/introspect', { token, ...(hint ? { token_type_hint: hint } : {}) }, { authorization: basic(caller.id, callerSecret) }))
  assert.equal(response.status, 200)
  assert.equal(response.headers.get('cache-control'), 'no-store')
  return response.json()
}

async function assertRefusedEverywhere(accessToken: string) {
  for (const response of [await resource(bearerGet('/api/resources', accessToken)), await me(bearerGet('/api/me', accessToken)), await userinfo(bearerGet('/oauth/userinfo', accessToken))]) {
    assert.equal(response.status, 401)
    assert.match(response.headers.get('www-authenticate')!, /error="invalid_token"/)
  }
}

describe('introspection (RFC 7662)', () => {
  it('an active access token of the caller: scope, client_id, username, token_type, exp, iat, sub, aud, iss, jti', async () => {
    const tokens = await userTokens(client, secret, user, 'openid profile')
    const body = await introspectAs(client, secret, tokens.access_token)
    assert.equal(body.active, true)
    assert.equal(body.scope, 'openid profile')
    assert.equal(body.client_id, client.id)
    assert.equal(body.username, user.username)
    assert.equal(body.token_type, 'Bearer')
    assert.equal(body.sub, user.id)
    assert.equal(body.aud, `${config().ISSUER}/api`)
    assert.equal(body.iss, config().ISSUER)
    assert.equal(body.exp, body.iat + config().ACCESS_TOKEN_TTL)
    assert.ok(typeof body.jti === 'string' && body.jti.length > 10)
  })

  it('an active refresh token of the caller is introspectable, marked as a refresh token', async () => {
    const tokens = await userTokens(client, secret, user)
    const body = await introspectAs(client, secret, tokens.refresh_token!, 'refresh_token')
    assert.equal(body.active, true)
    assert.equal(body.token_type, 'refresh_token')
    assert.equal(body.client_id, client.id)
    assert.equal(body.sub, user.id)
    assert.equal(body.username, user.username)
    // The idle lifetime, capped by the family's absolute end (counted from the grant, a moment earlier).
    assert.ok(body.exp <= body.iat + config().REFRESH_TOKEN_TTL && body.exp >= body.iat + config().REFRESH_TOKEN_TTL - 5, `exp ${body.exp} iat ${body.iat}`)
  })

  it('a wrong token_type_hint is only a hint: the other type is tried', async () => {
    const tokens = await userTokens(client, secret, user)
    assert.equal((await introspectAs(client, secret, tokens.access_token, 'refresh_token')).active, true)
    assert.equal((await introspectAs(client, secret, tokens.refresh_token!, 'access_token')).active, true)
    assert.equal((await introspectAs(client, secret, tokens.refresh_token!, 'something_else')).active, true)
  })

  it('another client\'s access and refresh tokens are {active:false} and nothing more', async () => {
    const tokens = await userTokens(client, secret, user)
    assert.deepEqual(await introspectAs(other, otherSecret, tokens.access_token), { active: false })
    assert.deepEqual(await introspectAs(other, otherSecret, tokens.refresh_token!), { active: false })
  })

  it('expired access and refresh tokens are inactive', async () => {
    const tokens = await userTokens(client, secret, user)
    const later = new Date(Date.now() + (config().REFRESH_TOKEN_TTL + 60) * 1000)
    const db = await database()
    assert.deepEqual(await introspectToken(db, client, tokens.access_token, undefined, later), { active: false })
    assert.deepEqual(await introspectToken(db, client, tokens.refresh_token!, undefined, later), { active: false })
    assert.equal((await introspectToken(db, client, tokens.access_token, undefined, new Date())).active, true)
  })

  it('a rotated-out refresh token is inactive', async () => {
    const tokens = await userTokens(client, secret, user)
    assert.equal((await refresh(client, secret, tokens.refresh_token!)).status, 200)
    assert.deepEqual(await introspectAs(client, secret, tokens.refresh_token!), { active: false })
  })

  it('malformed, unknown and empty-looking tokens are inactive', async () => {
    for (const token of ['not-a-token', 'a.b.c', 'x'.repeat(4000)]) assert.deepEqual(await introspectAs(client, secret, token), { active: false })
  })

  it('a disabled user\'s tokens are inactive', async () => {
    const victim = await makeUser()
    const tokens = await userTokens(client, secret, victim)
    await updateUser(await database(), victim.id, { disabledAt: new Date() })
    assert.deepEqual(await introspectAs(client, secret, tokens.access_token), { active: false })
    assert.deepEqual(await introspectAs(client, secret, tokens.refresh_token!), { active: false })
  })

  it('a client_credentials token is active for its client, with sub = client id and no username', async () => {
    const machine = await machineClient(user)
    const tokens = await clientTokens(machine.client, machine.secret)
    const body = await introspectAs(machine.client, machine.secret, tokens.access_token)
    assert.equal(body.active, true)
    assert.equal(body.sub, machine.client.id)
    assert.equal(body.username, undefined)
  })

  it('needs client authentication: none → 401 invalid_client; a public client is refused', async () => {
    const tokens = await userTokens(client, secret, user)
    const anonymous = await introspect(formPost('/oauth/introspect', { token: tokens.access_token }))
    assert.equal(anonymous.status, 401)
    assert.equal((await anonymous.json()).error, 'invalid_client')
    const wrong = await introspect(formPost('/oauth/introspect', { token: tokens.access_token }, { authorization: basic(client.id, 'wrong secret') }))
    assert.equal(wrong.status, 401)
    assert.match(wrong.headers.get('www-authenticate')!, /^Basic /)
    const { client: spa } = await makeClient(user, { type: 'public', grantTypes: ['authorization_code'] })
    const publicCall = await introspect(formPost('/oauth/introspect', { token: tokens.access_token, client_id: spa.id }))
    assert.equal(publicCall.status, 401)
    assert.equal((await publicCall.json()).error, 'invalid_client')
  })

  it('the token parameter is required', async () => {
    const response = await introspect(formPost('/oauth/introspect', {}, { authorization: basic(client.id, secret) }))
    assert.equal(response.status, 400)
    assert.equal((await response.json()).error, 'invalid_request')
  })
})

describe('revocation (RFC 7009)', () => {
  it('revoking an access token: 200 empty, then refused by /api/resources, /api/me, /oauth/userinfo and introspection; audited', async () => {
    const tokens = await userTokens(client, secret, user)
    assert.equal((await resource(bearerGet('/api/resources', tokens.access_token))).status, 200)
    const response = await revokeAs(client, secret, tokens.access_token, 'access_token')
    assert.equal(response.status, 200)
    assert.equal(await response.text(), '')
    await assertRefusedEverywhere(tokens.access_token)
    assert.deepEqual(await introspectAs(client, secret, tokens.access_token), { active: false })
    // Only that access token: the refresh token still works (RFC 7009 §2.1 MAY, not MUST).
    assert.equal((await refresh(client, secret, tokens.refresh_token!)).status, 200)
    const events = await auditEventsOfType(await database(), 'token.revoked', client.id)
    assert.ok(events.some((event) => event.details?.kind === 'access_token'))
  })

  it('revoking a refresh token kills its whole grant: the refresh token and the access tokens issued with it', async () => {
    const tokens = await userTokens(client, secret, user)
    const response = await revokeAs(client, secret, tokens.refresh_token!, 'refresh_token')
    assert.equal(response.status, 200)
    const refreshed = await refresh(client, secret, tokens.refresh_token!)
    assert.equal(refreshed.status, 400)
    assert.equal((await refreshed.json()).error, 'invalid_grant')
    await assertRefusedEverywhere(tokens.access_token)
    assert.deepEqual(await introspectAs(client, secret, tokens.refresh_token!), { active: false })
  })

  it('a wrong hint does not stop revocation: the other type is tried', async () => {
    const tokens = await userTokens(client, secret, user)
    await revokeAs(client, secret, tokens.refresh_token!, 'access_token')
    assert.equal((await refresh(client, secret, tokens.refresh_token!)).status, 400)
    const more = await userTokens(client, secret, user)
    await revokeAs(client, secret, more.access_token, 'unknown_hint_type')
    assert.equal((await resource(bearerGet('/api/resources', more.access_token))).status, 401)
  })

  it('another client cannot revoke my tokens: 200, and nothing happens', async () => {
    const tokens = await userTokens(client, secret, user)
    assert.equal((await revokeAs(other, otherSecret, tokens.access_token)).status, 200)
    assert.equal((await revokeAs(other, otherSecret, tokens.refresh_token!)).status, 200)
    assert.equal((await resource(bearerGet('/api/resources', tokens.access_token))).status, 200)
    assert.equal((await introspectAs(client, secret, tokens.access_token)).active, true)
    assert.equal((await refresh(client, secret, tokens.refresh_token!)).status, 200)
  })

  it('unknown, malformed and already revoked tokens answer 200 with an empty body', async () => {
    const tokens = await userTokens(client, secret, user)
    await revokeAs(client, secret, tokens.refresh_token!)
    for (const token of ['unknown', 'a.b.c', tokens.refresh_token!, tokens.access_token]) {
      const response = await revokeAs(client, secret, token)
      assert.equal(response.status, 200)
      assert.equal(await response.text(), '')
    }
  })

  it('a client_credentials access token can be revoked by its client', async () => {
    const machine = await machineClient(user)
    const tokens = await clientTokens(machine.client, machine.secret)
    assert.equal((await resource(bearerGet('/api/resources', tokens.access_token))).status, 200)
    assert.equal((await revokeAs(machine.client, machine.secret, tokens.access_token)).status, 200)
    assert.equal((await resource(bearerGet('/api/resources', tokens.access_token))).status, 401)
    assert.deepEqual(await introspectAs(machine.client, machine.secret, tokens.access_token), { active: false })
  })

  it('a public client revokes its own refresh token with its client_id (RFC 7009 §5)', async () => {
    const { client: spa } = await makeClient(user, { type: 'public', grantTypes: ['authorization_code', 'refresh_token'] })
    const { obtainCode, tokenRequest } = await import('../helpers/oauth')
    const { code, verifier, redirectUri } = await obtainCode(spa, user)
    const tokens = await (await serve(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: spa.id }))).json()
    assert.ok(tokens.refresh_token)
    assert.equal((await revoke(formPost('/oauth/revoke', { token: tokens.refresh_token, client_id: spa.id }))).status, 200)
    const refreshed = await serve(tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: spa.id }))
    assert.equal((await refreshed.json()).error, 'invalid_grant')
  })

  it('needs client authentication, and the token parameter', async () => {
    const anonymous = await revoke(formPost('/oauth/revoke', { token: 'x' }))
    assert.equal(anonymous.status, 401)
    assert.equal((await anonymous.json()).error, 'invalid_client')
    const missing = await revoke(formPost('/oauth/revoke', {}, { authorization: basic(client.id, secret) }))
    assert.equal(missing.status, 400)
    assert.equal((await missing.json()).error, 'invalid_request')
  })
})

describe('tokens of a deleted or disabled client', () => {
  it('are refused by the resource endpoints and inactive at introspection', async () => {
    const owner = await makeUser()
    const { client: doomed, secret: doomedSecret } = await makeClient(owner).then((made) => ({ client: made.client, secret: made.secret! }))
    const tokens = await userTokens(doomed, doomedSecret, owner)
    const { clients } = await import('@/db/schema')
    const { eq } = await import('drizzle-orm')
    const db = await database()
    await db.update(clients).set({ disabledAt: new Date() }).where(eq(clients.id, doomed.id))
    await assertRefusedEverywhere(tokens.access_token)
    assert.deepEqual(await introspectToken(db, { ...doomed, disabledAt: null }, tokens.access_token, undefined), { active: false })
    await db.delete(clients).where(eq(clients.id, doomed.id))
    await assertRefusedEverywhere(tokens.access_token)
  })
})
