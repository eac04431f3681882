import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, database } from '../helpers/database'
import { authorizationStep, authorize, authorizeResponse, authorizeUrl, makeClient, makeUser, pkcePair, sessionOf } from '../helpers/oauth'
import type { Client, User } from '@/db/schema'
import { config } from '@/lib/config'
import { continueAuthorization } from '@/lib/oauth/interaction'

after(closeDatabase)

let user: User
let client: Client
const { challenge } = pkcePair()

before(async () => {
  user = await makeUser()
  client = (await makeClient(user, { redirectUris: ['https://rp.example.test/callback', 'http://127.0.0.1/cb'] })).client
})

const base = () => ({ client_id: client.id, redirect_uri: 'https://rp.example.test/callback', response_type: 'code', scope: 'openid profile', state: 's-123', code_challenge: challenge, code_challenge_method: 'S256' })

async function call(params: Record<string, string | undefined>, session = sessionOf(user)) {
  return authorizeResponse(authorizeUrl(params), session)
}

function errorOf(location: URL) {
  return { error: location.searchParams.get('error'), state: location.searchParams.get('state'), iss: location.searchParams.get('iss') }
}

describe('phase one: client_id and redirect_uri are checked first and never redirect (RFC 9700 §4.11.2)', () => {
  it('an unknown client_id renders an error page without redirecting', async () => {
    const response = await call({ ...base(), client_id: 'gh_unknown' })
    assert.equal(response.status, 400)
    assert.equal(response.headers.get('location'), null)
    assert.match(response.headers.get('content-type')!, /text\/html/)
    assert.match(response.headers.get('content-security-policy')!, /frame-ancestors 'none'/)
  })

  it('an unregistered redirect_uri renders an error page: no open redirector', async () => {
    for (const redirect of ['https://evil.example/callback', 'https://rp.example.test/callback/', 'https://rp.example.test/callback?x=1', 'https://RP.example.test/callback']) {
      const response = await call({ ...base(), redirect_uri: redirect })
      assert.equal(response.status, 400, redirect)
      assert.equal(response.headers.get('location'), null, redirect)
    }
  })

  it('reflected HTML injection: the redirect URI error page shows the code and the URI received as escaped text, never as a link', async () => {
    const received = 'https://evil.example/cb?x="><script>alert(1)</script>'
    const response = await call({ ...base(), redirect_uri: received })
    assert.equal(response.status, 400)
    const html = await response.text()
    assert.match(html, /<dd>invalid_request<\/dd>/)
    assert.ok(html.includes('https://evil.example/cb?x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'))
    assert.ok(!html.includes('<script>'))
    assert.ok(!html.includes('href="https://evil.example'))
  })

  it('a repeated redirect_uri renders an error page (RFC 6749 §3.1)', async () => {
    const url = authorizeUrl(base()) + '&redirect_uri=https%3A%2F%2Fevil.example%2F'
    const response = await authorizeResponse(url, sessionOf(user))
    assert.equal(response.status, 400)
    assert.equal(response.headers.get('location'), null)
  })

  it('loopback IP redirect URIs may use any port (RFC 8252 §7.3)', async () => {
    const location = await authorize({ ...base(), redirect_uri: 'http://127.0.0.1:53117/cb' }, sessionOf(user))
    assert.equal(location.origin, 'http://127.0.0.1:53117')
  })
})

describe('phase two: errors go back to the redirect URI with state and iss (RFC 6749 §4.1.2.1, RFC 9207)', () => {
  const cases: [string, Record<string, string | undefined>, string][] = [
    ['response_type=token (implicit) is unsupported_response_type', { response_type: 'token' }, 'unsupported_response_type'],
    ['a missing response_type is invalid_request', { response_type: undefined }, 'invalid_request'],
    ['PKCE plain is refused', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['PKCE is required for clients registered with require-PKCE', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
    ['an unknown scope is invalid_scope', { scope: 'openid wat' }, 'invalid_scope'],
    ['prompt=none with another prompt is invalid_request', { prompt: 'none login' }, 'invalid_request'],
  ]
  for (const [name, overrides, expected] of cases) {
    it(name, async () => {
      const response = await call({ ...base(), ...overrides })
      assert.equal(response.status, 303)
      const location = new URL(response.headers.get('location')!)
      assert.equal(location.origin + location.pathname, 'https://rp.example.test/callback')
      assert.deepEqual(errorOf(location), { error: expected, state: 's-123', iss: config().ISSUER })
    })
  }
})

describe('state is echoed only when it is well-formed (RFC 6749 §4.1.2.1)', () => {
  for (const [name, url] of [
    ['a control character', () => authorizeUrl({ ...base(), state: 'a\u0001b' })],
    ['a repeated state', () => authorizeUrl(base()) + '&state=again'],
    ['a state over 2048 characters', () => authorizeUrl({ ...base(), state: 'x'.repeat(2049) })],
  ] as const) {
    it(`${name}: invalid_request at the redirect URI, without the state`, async () => {
      const response = await authorizeResponse(url(), sessionOf(user))
      assert.deepEqual(errorOf(new URL(response.headers.get('location')!)), { error: 'invalid_request', state: null, iss: config().ISSUER })
    })
  }

  it('another bad parameter: the state still comes back', async () => {
    const response = await call({ ...base(), response_type: 'token' })
    assert.equal(errorOf(new URL(response.headers.get('location')!)).state, 's-123')
  })
})

describe('the flow answers with steps as data; HTTP is the route handler\'s business', () => {
  it('an untrusted redirect URI is refused with a page step, which has no location', async () => {
    const step = await authorizationStep(authorizeUrl({ ...base(), redirect_uri: 'https://evil.example/callback' }), sessionOf(user))
    assert.equal(step.kind, 'refused')
    assert.equal('to' in step, false)
  })

  it('nobody logged in: a login step for the stored request', async () => {
    const step = await authorizationStep(authorizeUrl({ ...base(), login_hint: 'someone' }), null)
    assert.equal(step.kind, 'login')
    assert.equal(step.kind === 'login' && step.loginHint, 'someone')
  })

  it('an unknown request id: the expired step', async () => {
    assert.deepEqual(await continueAuthorization(await database(), 'a'.repeat(43), sessionOf(user)), { kind: 'expired' })
  })
})

describe('login and consent', () => {
  it('not logged in: the login page, then back to the same stored request', async () => {
    const response = await call(base(), null as never)
    const location = new URL(response.headers.get('location')!, config().ISSUER)
    assert.equal(location.pathname, '/login')
    const returnTo = location.searchParams.get('return_to')!
    assert.match(returnTo, /^\/oauth\/authorize\/continue\?request=[\w-]{43}$/)
    const requestId = new URL(returnTo, config().ISSUER).searchParams.get('request')!
    const resumed = await continueAuthorization(await database(), requestId, sessionOf(await makeUser()))
    assert.deepEqual(resumed, { kind: 'consent', requestId })
  })

  it('prompt=none answers login_required when nobody is logged in', async () => {
    const response = await call({ ...base(), prompt: 'none' }, null as never)
    assert.deepEqual(errorOf(new URL(response.headers.get('location')!)), { error: 'login_required', state: 's-123', iss: config().ISSUER })
  })

  it('prompt=none answers consent_required before the user approved the client', async () => {
    const fresh = await makeUser()
    const response = await call({ ...base(), prompt: 'none' }, sessionOf(fresh))
    assert.equal(errorOf(new URL(response.headers.get('location')!)).error, 'consent_required')
  })

  it('consent is remembered per user and client, and asked again for prompt=consent or new scopes', async () => {
    const fresh = await makeUser()
    const first = await authorize(base(), sessionOf(fresh))
    assert.ok(first.searchParams.get('code'))
    assert.equal(first.searchParams.get('state'), 's-123')
    assert.equal(first.searchParams.get('iss'), config().ISSUER)
    const again = await call(base(), sessionOf(fresh))
    assert.ok(new URL(again.headers.get('location')!).searchParams.get('code'), 'second request skips consent')
    const forced = await call({ ...base(), prompt: 'consent' }, sessionOf(fresh))
    assert.match(forced.headers.get('location')!, /^\/consent\?/)
    const wider = await call({ ...base(), scope: 'openid profile email' }, sessionOf(fresh))
    assert.match(wider.headers.get('location')!, /^\/consent\?/)
  })

  it('Deny answers access_denied with state and iss', async () => {
    const fresh = await makeUser()
    const location = await authorize(base(), sessionOf(fresh), 'deny')
    assert.deepEqual(errorOf(location), { error: 'access_denied', state: 's-123', iss: config().ISSUER })
  })

  it('max_age: a session older than max_age must log in again', async () => {
    const old = sessionOf(user, new Date(Date.now() - 3600_000))
    const response = await call({ ...base(), max_age: '60' }, old)
    assert.equal(new URL(response.headers.get('location')!, config().ISSUER).pathname, '/login')
  })

  it('prompt=login: an existing session must log in again', async () => {
    const response = await call({ ...base(), prompt: 'login' }, sessionOf(user, new Date(Date.now() - 5000)))
    assert.equal(new URL(response.headers.get('location')!, config().ISSUER).pathname, '/login')
  })
})
