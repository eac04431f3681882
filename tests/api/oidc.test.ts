// OpenID Connect: ID tokens, userinfo (OIDC Core §5.3, RFC 6750), /api/me, prompt=none, discovery.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { closeDatabase, database } from '../helpers/database'
import { authorize, makeUser, makeUserWithClient, pkcePair, sessionOf } from '../helpers/oauth'
import { bearerGet, clientTokens, formPost, machineClient, userTokens } from '../helpers/tokens'
import type { Client, User } from '@/db/schema'
import { updateUser } from '@/db/queries/users'
import { config } from '@/lib/config'
import { revokeConnectedApp } from '@/lib/oauth/connected-apps'
import { accessTokenHash } from '@/lib/oauth/tokens/id-token'
import { serve } from '../helpers/serve'

after(closeDatabase)
const userinfo = serve
const me = serve

let user: User
let client: Client
let secret: string
before(async () => {
  ({ user, client, secret } = await makeUserWithClient())
})

async function jwks() {
  return createLocalJWKSet(await (await serve(new Request(`${config().ISSUER}/.well-known/jwks.json`))).json())
}

describe('ID token (OIDC Core §2, §3.1.3.6)', () => {
  it('verifies with jose against the published JWKS and carries iss, sub, aud, exp, iat, auth_time, nonce, at_hash', async () => {
    const authTime = Math.floor(Date.now() / 1000)
    const tokens = await userTokens(client, secret, user, 'openid profile email', { nonce: 'nonce-abc' })
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, await jwks(), { issuer: config().ISSUER, audience: client.id, algorithms: ['RS256'] })
    assert.equal(protectedHeader.alg, 'RS256')
    assert.ok(protectedHeader.kid)
    assert.equal(payload.sub, user.id)
    assert.equal(payload.nonce, 'nonce-abc')
    assert.equal(payload.at_hash, accessTokenHash(tokens.access_token))
    assert.equal(payload.azp, client.id)
    assert.ok(Math.abs((payload.auth_time as number) - authTime) <= 5)
    assert.equal(payload.exp, payload.iat! + config().ID_TOKEN_TTL)
    assert.equal(payload.preferred_username, user.username)
    assert.equal(payload.email, user.email)
    assert.equal(payload.email_verified, false)
  })

  it('an ID token with openid alone carries no profile or email claims', async () => {
    const tokens = await userTokens(client, secret, user, 'openid')
    const { payload } = await jwtVerify(tokens.id_token!, await jwks(), { issuer: config().ISSUER, audience: client.id })
    assert.equal(payload.preferred_username, undefined)
    assert.equal(payload.email, undefined)
  })

  it('no openid scope, no ID token', async () => {
    const tokens = await userTokens(client, secret, user, 'profile')
    assert.equal(tokens.id_token, undefined)
  })
})

describe('userinfo claims by scope (OIDC Core §5.3, §5.4)', () => {
  it('openid alone releases sub only', async () => {
    const tokens = await userTokens(client, secret, user, 'openid')
    const response = await userinfo(bearerGet('/oauth/userinfo', tokens.access_token))
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('cache-control'), 'no-store')
    assert.deepEqual(await response.json(), { sub: user.id })
  })

  it('openid profile adds the profile claims, not the email', async () => {
    const tokens = await userTokens(client, secret, user, 'openid profile')
    const body = await (await userinfo(bearerGet('/oauth/userinfo', tokens.access_token))).json()
    assert.equal(body.sub, user.id)
    assert.equal(body.preferred_username, user.username)
    assert.equal(body.name, user.username)
    assert.equal(typeof body.updated_at, 'number')
    assert.equal(body.email, undefined)
  })

  it('openid email adds email and email_verified, not the profile', async () => {
    const tokens = await userTokens(client, secret, user, 'openid email')
    const body = await (await userinfo(bearerGet('/oauth/userinfo', tokens.access_token))).json()
    assert.deepEqual(body, { sub: user.id, email: user.email, email_verified: false })
  })

  it('POST with the token in the form body (RFC 6750 §2.2) works', async () => {
    const tokens = await userTokens(client, secret, user, 'openid email')
    const response = await userinfo(formPost('/oauth/userinfo', { access_token: tokens.access_token }))
    assert.equal(response.status, 200)
    assert.equal((await response.json()).email, user.email)
  })

  it('POST with the Authorization header works', async () => {
    const tokens = await userTokens(client, secret, user, 'openid')
    const response = await userinfo(new Request(`${config().ISSUER}/oauth/userinfo`, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}` } }))
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { sub: user.id })
  })

  it('a token in both the header and the body is refused (RFC 6750 §2: one method only)', async () => {
    const tokens = await userTokens(client, secret, user, 'openid')
    const response = await userinfo(formPost('/oauth/userinfo', { access_token: tokens.access_token }, { authorization: `Bearer ${tokens.access_token}` }))
    assert.equal(response.status, 400)
    assert.match(response.headers.get('www-authenticate')!, /error="invalid_request"/)
  })

  it('a token in the query string is refused (OAuth 2.1 §7.1.3.7)', async () => {
    const tokens = await userTokens(client, secret, user, 'openid')
    const response = await userinfo(new Request(`${config().ISSUER}/oauth/userinfo?access_token=${tokens.access_token}`))
    assert.equal(response.status, 400)
  })

  it('no token: 401 with a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const response = await userinfo(new Request(`${config().ISSUER}/oauth/userinfo`))
    assert.equal(response.status, 401)
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="gatehouse"')
  })

  it('a token without openid gets 403 insufficient_scope', async () => {
    const tokens = await userTokens(client, secret, user, 'profile email')
    const response = await userinfo(bearerGet('/oauth/userinfo', tokens.access_token))
    assert.equal(response.status, 403)
    assert.match(response.headers.get('www-authenticate')!, /error="insufficient_scope"/)
    assert.equal((await response.json()).error, 'insufficient_scope')
  })

  it('a forged token is refused with invalid_token', async () => {
    const tokens = await userTokens(client, secret, user, 'openid')
    const [header, payload] = tokens.access_token.split('.')
    const response = await userinfo(bearerGet('/oauth/userinfo', `${header}.${payload}.${'A'.repeat(86)}`))
    assert.equal(response.status, 401)
    assert.match(response.headers.get('www-authenticate')!, /error="invalid_token"/)
  })

  it('a disabled user\'s token is refused', async () => {
    const victim = await makeUser()
    const tokens = await userTokens(client, secret, victim, 'openid')
    await updateUser(await database(), victim.id, { disabledAt: new Date() })
    const response = await userinfo(bearerGet('/oauth/userinfo', tokens.access_token))
    assert.equal(response.status, 401)
  })
})

describe('/api/me', () => {
  it('answers the token\'s user with claims limited by the token\'s scopes', async () => {
    const tokens = await userTokens(client, secret, user, 'openid profile')
    const response = await me(bearerGet('/api/me', tokens.access_token))
    assert.equal(response.status, 200)
    const body = await response.json()
    assert.equal(body.sub, user.id)
    assert.equal(body.preferred_username, user.username)
    assert.equal(body.email, undefined)
    assert.equal(body.client_id, client.id)
    assert.equal(body.scope, 'openid profile')
  })

  it('a client_credentials token (sub = client id) gets 403 insufficient_scope', async () => {
    const machine = await machineClient(user)
    const tokens = await clientTokens(machine.client, machine.secret)
    const response = await me(bearerGet('/api/me', tokens.access_token))
    assert.equal(response.status, 403)
    assert.match(response.headers.get('www-authenticate')!, /error="insufficient_scope"/)
  })

  it('a token whose user revoked the app is refused at /api/me and /oauth/userinfo', async () => {
    const fresh = await makeUser()
    const tokens = await userTokens(client, secret, fresh, 'openid email')
    assert.equal((await me(bearerGet('/api/me', tokens.access_token))).status, 200)
    await revokeConnectedApp(await database(), fresh.id, client.id, {})
    const refused = await me(bearerGet('/api/me', tokens.access_token))
    assert.equal(refused.status, 401)
    assert.match(refused.headers.get('www-authenticate')!, /error="invalid_token"/)
    assert.equal((await userinfo(bearerGet('/oauth/userinfo', tokens.access_token))).status, 401)
  })
})

describe('prompt=none (OIDC Core §3.1.2.1)', () => {
  it('a logged-in user who already consented gets a code without any page', async () => {
    const fresh = await makeUser()
    await userTokens(client, secret, fresh, 'openid profile')
    const { challenge } = pkcePair()
    const location = await authorize({
      client_id: client.id, redirect_uri: client.redirectUris[0], response_type: 'code', scope: 'openid profile', prompt: 'none',
      state: 'silent', code_challenge: challenge, code_challenge_method: 'S256',
    }, sessionOf(fresh))
    assert.ok(location.searchParams.get('code'))
    assert.equal(location.searchParams.get('state'), 'silent')
  })

  it('after the user revoked the app, prompt=none answers consent_required', async () => {
    const fresh = await makeUser()
    await userTokens(client, secret, fresh, 'openid')
    await revokeConnectedApp(await database(), fresh.id, client.id, {})
    const { challenge } = pkcePair()
    const location = await authorize({
      client_id: client.id, redirect_uri: client.redirectUris[0], response_type: 'code', scope: 'openid', prompt: 'none',
      state: 'silent', code_challenge: challenge, code_challenge_method: 'S256',
    }, sessionOf(fresh))
    assert.equal(location.searchParams.get('error'), 'consent_required')
    assert.equal(location.searchParams.get('state'), 'silent')
    assert.equal(location.searchParams.get('iss'), config().ISSUER)
  })
})

describe('discovery advertises exactly what works', () => {
  it('userinfo, revocation, introspection and end-session endpoints with their auth methods', async () => {
    const metadata = await (await serve(new Request(`${config().ISSUER}/.well-known/openid-configuration`))).json()
    const issuer = config().ISSUER
    assert.equal(metadata.userinfo_endpoint, `${issuer}/oauth/userinfo`)
    assert.equal(metadata.revocation_endpoint, `${issuer}/oauth/revoke`)
    assert.equal(metadata.introspection_endpoint, `${issuer}/oauth/introspect`)
    assert.equal(metadata.end_session_endpoint, `${issuer}/oauth/logout`)
    assert.deepEqual(metadata.revocation_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none'])
    assert.deepEqual(metadata.introspection_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post'])
  })
})
