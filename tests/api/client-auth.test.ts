import { database, closeDatabase, unique } from '../helpers/database'
import { basic } from '../helpers/oauth'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { eq, like } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { insertUser } from '@/db/queries/users'
import { clients, rateLimits, type Client } from '@/db/schema'
import { HeaderMap, responseHeader, type ProtocolRequest } from '@/lib/contract'
import { sha256 } from '@/lib/crypto'
import { createClient } from '@/lib/clients/registry'
import { authenticateClient, CLIENT_AUTH_MAX_FAILURES_PER_CLIENT, CLIENT_AUTH_MAX_FAILURES_PER_IP } from '@/lib/oauth/client-auth'
import { OAuthError, oauthErrorResponse } from '@/lib/oauth/errors'
import { ensureBuiltinScopes } from '@/lib/oauth/scopes/catalog'
import { addToCounters } from '@/db/queries/rate-limits'
import { config } from '@/lib/config'

let db: Database
let ownerId: string

function tokenRequest(authorization?: string): ProtocolRequest {
  const headers = new HeaderMap(authorization ? [['Authorization', authorization]] : [])
  return { method: 'POST', url: '/oauth/token', headers, body: new Uint8Array(), clientAddress: '127.0.0.1' }
}

function freshContext() {
  return { ip: unique('ip-'), userAgent: 'client-auth-test' }
}

async function registered(method: 'client_secret_basic' | 'client_secret_post' | 'none'): Promise<{ client: Client; secret: string }> {
  const result = await createClient(db, ownerId, {
    name: `auth ${method}`,
    type: method === 'none' ? 'public' : 'confidential',
    redirectUris: 'https://rp.example.com/cb',
    grantTypes: ['authorization_code'],
    tokenEndpointAuthMethod: method === 'none' ? undefined : method,
  }, { ip: '192.0.2.1' })
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors))
  return { client: result.client, secret: result.secret ?? '' }
}

/** Asserts the promise fails with this OAuth error code and Basic flag; returns the error. */
async function refused(promise: Promise<unknown>, code: string, basicAuthAttempted = false): Promise<OAuthError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof OAuthError, `expected OAuthError, got ${String(error)}`)
    assert.equal(error.code, code)
    assert.equal(error.basicAuthAttempted, basicAuthAttempted)
    return error
  }
  assert.fail(`expected ${code}, but the client was authenticated`)
}

before(async () => {
  db = await database()
  await ensureBuiltinScopes(db)
  const username = unique('auth')
  ownerId = (await insertUser(db, { username, email: `${username}@example.com`, passwordHash: 'x' })).id
})
after(closeDatabase)

describe('client_secret_basic (RFC 6749 §2.3.1)', () => {
  it('authenticates with the right secret', async () => {
    const { client, secret } = await registered('client_secret_basic')
    const authenticated = await authenticateClient(db, tokenRequest(basic(client.id, secret)), {}, freshContext())
    assert.equal(authenticated.id, client.id)
  })

  it('refuses a wrong secret with invalid_client, 401 and a Basic challenge', async () => {
    const { client, secret } = await registered('client_secret_basic')
    const error = await refused(authenticateClient(db, tokenRequest(basic(client.id, secret + 'x')), {}, freshContext()), 'invalid_client', true)
    const response = oauthErrorResponse(error)
    assert.equal(response.status, 401)
    assert.match(responseHeader(response.headers, 'www-authenticate') ?? '', /^Basic realm=/)
    assert.deepEqual(JSON.parse(response.body), { error: 'invalid_client', error_description: 'Client authentication failed' })
  })

  it('form-url-decodes credentials with special characters (Appendix B)', async () => {
    const { client } = await registered('client_secret_basic')
    const secret = 'p@ss:w rd+%/é&=?'
    await db.update(clients).set({ secretHash: sha256(secret) }).where(eq(clients.id, client.id))
    const authorization = basic(client.id, secret)
    assert.equal(Buffer.from(authorization.slice(6), 'base64').toString(), `${client.id}:p%40ss%3Aw+rd%2B%25%2F%C3%A9%26%3D%3F`)
    const authenticated = await authenticateClient(db, tokenRequest(authorization), {}, freshContext())
    assert.equal(authenticated.id, client.id)
  })

  it('refuses the same special-character secret sent without form-url-encoding when it is not valid encoding', async () => {
    const { client } = await registered('client_secret_basic')
    const secret = '100%sure'
    await db.update(clients).set({ secretHash: sha256(secret) }).where(eq(clients.id, client.id))
    const raw = `Basic ${Buffer.from(`${client.id}:${secret}`).toString('base64')}`
    await refused(authenticateClient(db, tokenRequest(raw), {}, freshContext()), 'invalid_client', true)
  })

  it('reads "+" as a space, as form encoding says', async () => {
    const { client } = await registered('client_secret_basic')
    await db.update(clients).set({ secretHash: sha256('two words') }).where(eq(clients.id, client.id))
    const plus = `Basic ${Buffer.from(`${client.id}:two+words`).toString('base64')}`
    assert.equal((await authenticateClient(db, tokenRequest(plus), {}, freshContext())).id, client.id)
  })

  for (const [header, what] of [
    ['Basic', 'no credentials'],
    ['Basic !!!notbase64', 'invalid Base64'],
    [`Basic ${Buffer.from('no-colon-here').toString('base64')}`, 'no colon'],
    [`Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x41]).toString('base64')}`, 'invalid UTF-8'],
    ['Bearer abc.def.ghi', 'another scheme'],
  ] as const) {
    it(`refuses a malformed Authorization header: ${what}`, async () => {
      await refused(authenticateClient(db, tokenRequest(header), {}, freshContext()), 'invalid_client', true)
    })
  }

  it('refuses Basic and client_secret in the body together: one method per request (§2.3)', async () => {
    const { client, secret } = await registered('client_secret_basic')
    await refused(authenticateClient(db, tokenRequest(basic(client.id, secret)), { client_secret: secret }, freshContext()), 'invalid_request')
  })

  it('refuses a body client_id that differs from the Basic one, accepts the same one', async () => {
    const { client, secret } = await registered('client_secret_basic')
    const other = await registered('client_secret_basic')
    await refused(authenticateClient(db, tokenRequest(basic(client.id, secret)), { client_id: other.client.id }, freshContext()), 'invalid_request')
    const same = await authenticateClient(db, tokenRequest(basic(client.id, secret)), { client_id: client.id }, freshContext())
    assert.equal(same.id, client.id)
  })
})

describe('client_secret_post and none', () => {
  it('authenticates client_secret_post with the right secret and refuses a wrong one', async () => {
    const { client, secret } = await registered('client_secret_post')
    assert.equal((await authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, freshContext())).id, client.id)
    await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: 'wrong' }, freshContext()), 'invalid_client')
  })

  it('refuses the right secret sent with a method the client did not register', async () => {
    const basicClient = await registered('client_secret_basic')
    await refused(authenticateClient(db, tokenRequest(), { client_id: basicClient.client.id, client_secret: basicClient.secret }, freshContext()), 'invalid_client')
    const postClient = await registered('client_secret_post')
    await refused(authenticateClient(db, tokenRequest(basic(postClient.client.id, postClient.secret)), {}, freshContext()), 'invalid_client', true)
  })

  it('refuses a confidential client that sends no secret (pretending to be public)', async () => {
    const { client } = await registered('client_secret_basic')
    await refused(authenticateClient(db, tokenRequest(), { client_id: client.id }, freshContext()), 'invalid_client')
  })

  it('identifies a public client by client_id alone', async () => {
    const { client } = await registered('none')
    assert.equal((await authenticateClient(db, tokenRequest(), { client_id: client.id }, freshContext())).id, client.id)
  })

  it('refuses a public client that sends a secret, in the body or by Basic', async () => {
    const { client } = await registered('none')
    await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: 'anything' }, freshContext()), 'invalid_client')
    await refused(authenticateClient(db, tokenRequest(basic(client.id, '')), {}, freshContext()), 'invalid_client', true)
  })

  it('refuses a request with no client at all, an unknown client, and a disabled client', async () => {
    await refused(authenticateClient(db, tokenRequest(), {}, freshContext()), 'invalid_client')
    await refused(authenticateClient(db, tokenRequest(), { client_id: 'gh_unknown' }, freshContext()), 'invalid_client')
    const { client, secret } = await registered('client_secret_basic')
    await db.update(clients).set({ disabledAt: new Date() }).where(eq(clients.id, client.id))
    await refused(authenticateClient(db, tokenRequest(basic(client.id, secret)), {}, freshContext()), 'invalid_client', true)
  })
})

describe('brute-force protection (OAuth 2.1 §2.4.1)', () => {
  it(`after ${CLIENT_AUTH_MAX_FAILURES_PER_CLIENT} failures for one client from one address, even the right secret is refused there`, async () => {
    const { client, secret } = await registered('client_secret_basic')
    const context = freshContext()
    for (let attempt = 0; attempt < CLIENT_AUTH_MAX_FAILURES_PER_CLIENT; attempt++) {
      await refused(authenticateClient(db, tokenRequest(basic(client.id, `guess-${attempt}`)), {}, context), 'invalid_client', true)
    }
    const error = await refused(authenticateClient(db, tokenRequest(basic(client.id, secret)), {}, context), 'invalid_client', true)
    assert.equal(error.detail, 'throttled')
    assert.match(error.description, /Too many/)
  })

  it('stranger lockout: junk secrets from address A do not stop the client authenticating from address B', async () => {
    const { client, secret } = await registered('client_secret_basic')
    const stranger = freshContext()
    for (let attempt = 0; attempt < CLIENT_AUTH_MAX_FAILURES_PER_CLIENT * 3; attempt++) {
      await refused(authenticateClient(db, tokenRequest(basic(client.id, 'junk')), {}, stranger), 'invalid_client', true)
    }
    assert.equal((await authenticateClient(db, tokenRequest(basic(client.id, secret)), {}, freshContext())).id, client.id)
  })

  it('a secret sent for a public client is invalid_client and touches no counter', async () => {
    const { client } = await registered('none')
    const context = freshContext()
    await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: 'anything' }, context), 'invalid_client')
    await refused(authenticateClient(db, tokenRequest(basic(client.id, 'anything')), {}, context), 'invalid_client', true)
    const rows = await db.select().from(rateLimits).where(like(rateLimits.key, `%${context.ip}%`))
    assert.deepEqual(rows, [])
  })

  it('a busy client is never throttled by its own successes (nothing is reserved for them)', async () => {
    const { client, secret } = await registered('client_secret_post')
    const context = freshContext()
    const results = await Promise.all(Array.from({ length: CLIENT_AUTH_MAX_FAILURES_PER_CLIENT * 4 }, () =>
      authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, context)))
    assert.ok(results.every((result) => result.id === client.id))
  })

  it('one fewer failure than the limit still lets the right secret in', async () => {
    const { client, secret } = await registered('client_secret_post')
    const context = freshContext()
    for (let attempt = 0; attempt < CLIENT_AUTH_MAX_FAILURES_PER_CLIENT - 1; attempt++) {
      await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: 'nope' }, context), 'invalid_client')
    }
    assert.equal((await authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, context)).id, client.id)
  })

  it('guessing across instances: failures counted elsewhere leave this instance at most one answered guess before every answer is throttled', async () => {
    const { client, secret } = await registered('client_secret_post')
    const context = freshContext()
    const limits = [`client-auth:client:${client.id}@${context.ip}`, `client-auth:address:${context.ip}`]
    // A success here vouches for the keys for a moment (no query per success)…
    assert.equal((await authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, context)).id, client.id)
    // …while another instance counts the limit's worth of failures for this client and address.
    for (let failure = 0; failure < CLIENT_AUTH_MAX_FAILURES_PER_CLIENT; failure++) await addToCounters(db, limits, 1, new Date(), config().RATE_LIMIT_WINDOW)
    // The first wrong guess here is counted and already throttled; from then on the right secret is refused too.
    const guess = await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: 'guess' }, context), 'invalid_client')
    assert.equal(guess.detail, 'throttled')
    const right = await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, context), 'invalid_client')
    assert.equal(right.detail, 'throttled')
  })

  it('a success read under a failure that overtook it does not vouch for the keys', async () => {
    const { client, secret } = await registered('client_secret_post')
    const context = freshContext()
    const success = authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, context)
    const failures = Array.from({ length: CLIENT_AUTH_MAX_FAILURES_PER_CLIENT }, () =>
      authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: 'wrong' }, context).catch((error: OAuthError) => error.detail))
    await Promise.allSettled([success, ...failures])
    const right = await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, context), 'invalid_client')
    assert.equal(right.detail, 'throttled')
  })

  it(`after ${CLIENT_AUTH_MAX_FAILURES_PER_IP} failures from one address, that address is refused for every client`, async () => {
    const context = freshContext()
    for (let attempt = 0; attempt < CLIENT_AUTH_MAX_FAILURES_PER_IP; attempt++) {
      await refused(authenticateClient(db, tokenRequest(), { client_id: `gh_probe${attempt}`, client_secret: 'x' }, context), 'invalid_client')
    }
    const { client, secret } = await registered('client_secret_post')
    const error = await refused(authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, context), 'invalid_client')
    assert.equal(error.detail, 'throttled')
    assert.equal((await authenticateClient(db, tokenRequest(), { client_id: client.id, client_secret: secret }, freshContext())).id, client.id)
  })
})
