// Hostile input against the built server, as an attacker sends it: the named cases first, then
// the seeded fuzz run. FUZZ_SERVER=lean|next picks the serving mode, DATABASE_URL the database,
// FUZZ_SEED replays a run, FUZZ_REQUESTS sets its size. Passes iff no response is ≥ 500.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase } from '../helpers/database'
import { PASSWORD, makeClient, makeUser, pkcePair } from '../helpers/oauth'
import { cookiesOf, submitForm } from './browser-form'
import { fuzzRequest, rawRequestBytes } from './generator'
import { fuzzSeed, seededRandom } from './prng'
import { send, sendRaw, serialise, type RawRequest, type RawResponse } from './raw-http'
import { startBuiltServer, type RunningServer } from './server'
import { allTargets } from './targets'

const REDIRECT_URI = 'https://rp.example.test/callback'

let server: RunningServer
let port: number
let userCookie: string
let adminCookie: string
let clientId: string
let clientSecret: string
let spareUsername: string

async function logInOverHttp(username: string): Promise<string> {
  const response = await submitForm({ port, path: '/login', cookie: null, marker: 'login', fields: [['login', username], ['password', PASSWORD]] })
  const cookie = cookiesOf(response)
  assert.ok(cookie && response.status < 400, `login over HTTP failed: ${response.status} ${response.body.toString('utf8').slice(0, 300)}`)
  return cookie
}

function get(target: string, cookie: string | null = null, headers: [string, string][] = []): Promise<RawResponse> {
  return send(port, { method: 'GET', target, headers: cookie ? [['Cookie', cookie], ...headers] : headers })
}

function postForm(target: string, form: string, headers: [string, string][] = []): Promise<RawResponse> {
  return send(port, { method: 'POST', target, headers: [['Content-Type', 'application/x-www-form-urlencoded'], ...headers], body: Buffer.from(form, 'utf8') })
}

function json(response: RawResponse): { error?: string } {
  return JSON.parse(response.body.toString('utf8')) as { error?: string }
}

function authorizeQuery(extra: Record<string, string>): string {
  const { challenge } = pkcePair()
  return new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid profile', code_challenge: challenge, code_challenge_method: 'S256', ...extra }).toString()
}

/** 303 back to the registered redirect URI with invalid_request, and no control character echoed. */
function assertRefusedAtRedirectUri(response: RawResponse): void {
  assert.equal(response.status, 303, response.body.toString('utf8').slice(0, 200))
  const location = new URL(response.headers.get('location')![0])
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI)
  assert.equal(location.searchParams.get('error'), 'invalid_request')
  assert.ok(![...location.searchParams.values()].some((value) => value.includes('\u0000')))
}

describe(`hostile input (${process.env.FUZZ_SERVER === 'next' ? 'next start' : 'lean server'}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded database'})`, () => {
  before(async () => {
    // Data first, through the library (the embedded database admits one process at a time).
    const user = await makeUser()
    const admin = await makeUser({ isAdmin: true })
    spareUsername = (await makeUser()).username
    const registered = await makeClient(user, { redirectUris: [REDIRECT_URI] })
    clientId = registered.client.id
    clientSecret = registered.secret!
    await closeDatabase()
    server = await startBuiltServer(process.env.DATA_DIR ?? '')
    port = server.port
    userCookie = await logInOverHttp(user.username)
    adminCookie = await logInOverHttp(admin.username)
  })

  after(async () => { await server?.stop() })

  it('well-formed requests still work through every check (form body read once more by the proxy)', async () => {
    const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`
    const introspection = await postForm('/oauth/introspect', 'token=not-a-token', [['Authorization', basic]])
    assert.equal(introspection.status, 200)
    assert.deepEqual(json(introspection), { active: false })
    assert.equal((await get('/account', userCookie)).status, 200)
    assert.equal((await get('/admin/users?q=user&page=1', adminCookie)).status, 200)
  })

  describe('NUL bytes reach no query', () => {
    it('NUL in client_id at /oauth/token: 400 invalid_request', async () => {
      const response = await postForm('/oauth/token', `grant_type=client_credentials&client_id=a%00b&client_secret=${clientSecret}`)
      assert.equal(response.status, 400)
      assert.equal(json(response).error, 'invalid_request')
    })

    it('NUL in the client_id of HTTP Basic at /oauth/token: 4xx', async () => {
      const response = await postForm('/oauth/token', 'grant_type=client_credentials', [['Authorization', `Basic ${Buffer.from('a\u0000b:secret').toString('base64')}`]])
      assert.ok(response.status >= 400 && response.status < 500, String(response.status))
      assert.ok(json(response).error)
    })

    it('NUL in client_id at /oauth/authorize: 400 error page, no redirect', async () => {
      const response = await get(`/oauth/authorize?${authorizeQuery({ client_id: 'a\u0000b' })}`)
      assert.equal(response.status, 400)
      assert.equal(response.headers.get('location'), undefined)
    })

    for (const name of ['state', 'nonce', 'login_hint']) {
      it(`NUL in ${name} at /oauth/authorize: invalid_request at the registered redirect URI`, async () => {
        assertRefusedAtRedirectUri(await get(`/oauth/authorize?${authorizeQuery({ [name]: 'x\u0000y' })}`, userCookie))
      })
    }

    it('NUL in client_id at /oauth/logout: 400 invalid_request', async () => {
      const response = await get('/oauth/logout?client_id=a%00b', userCookie)
      assert.equal(response.status, 400)
    })

    it('NUL in the login username: 400, no session', async () => {
      const response = await submitForm({ port, path: '/login', cookie: null, marker: 'login', fields: [['login', 'admin\u0000'], ['password', PASSWORD]] })
      assert.equal(response.status, 400)
      assert.equal(cookiesOf(response), null)
    })

    it('NUL in a server action form field (sign-up email): 400 before the action runs', async () => {
      const response = await submitForm({ port, path: '/signup', cookie: null, marker: 'email', fields: [['username', 'nul-signup'], ['email', 'a\u0000@example.test'], ['password', PASSWORD]] })
      assert.equal(response.status, 400)
      assert.equal(cookiesOf(response), null)
    })

    it('NUL in the request id of /consent and /oauth/authorize/continue: 400 page', async () => {
      for (const path of ['/consent?request=%00', '/oauth/authorize/continue?request=%00', '/consent?request=abcdefghijklmnopqrstuvwxyz%00']) {
        assert.equal((await get(path, userCookie)).status, 400, path)
      }
    })
  })

  describe('malformed page addresses', () => {
    it('broken percent-encoding in /clients/[id]: 400 page, logged in or not', async () => {
      for (const path of ['/clients/%ff', '/clients/%E0%A4%A', '/clients/%00']) {
        for (const cookie of [userCookie, null]) {
          const response = await get(path, cookie)
          assert.equal(response.status, 400, `${path} ${cookie ? 'logged in' : 'logged out'}`)
          assert.match(response.headers.get('content-type')![0], /text\/html/)
        }
      }
    })

    it('broken percent-encoding in a machine endpoint\'s path parameter (/api/v1/client/{id}, /oauth/register/{id}): 4xx, never 500', async () => {
      for (const path of ['/api/v1/client/%ff', '/api/v1/client/%E0%A4%A', '/api/v1/client/%c0%af', '/oauth/register/%uD800', '/oauth/register/%']) {
        for (const cookie of [userCookie, null]) {
          const read = await get(path, cookie)
          assert.ok(read.status >= 400 && read.status < 500, `GET ${path}: ${read.status}`)
          const write = await postForm(path, 'client_name=x', cookie ? [['Cookie', cookie]] : [])
          assert.ok(write.status >= 400 && write.status < 500, `POST ${path}: ${write.status}`)
        }
      }
    })

    it('/admin/users?q=%00: 400 page', async () => {
      assert.equal((await get('/admin/users?q=%00', adminCookie)).status, 400)
    })

    it('/admin/audit?page=99999999999999999999: a page within bounds, not an error', async () => {
      assert.equal((await get('/admin/audit?page=99999999999999999999', adminCookie)).status, 200)
      assert.equal((await get('/admin/users?page=99999999999999999999', adminCookie)).status, 200)
    })
  })

  it('a multipart post without its boundary, to a page or an unknown path: 400', async () => {
    for (const target of ['/admin', '/login', '/api/ping/x', '/no-such-page']) {
      const response = await send(port, { method: 'POST', target, headers: [['Cookie', adminCookie], ['Content-Type', 'multipart/form-data']], body: Buffer.from('x') })
      assert.equal(response.status, 400, target)
    }
  })

  describe('request lines that choose another host', () => {
    it('host spoofing: an absolute-form target is answered 400, never redirected to its host', async () => {
      for (const target of ['http://evil.example/api/health', 'http://evil.example/login', 'https://evil.example/']) {
        const response = await sendRaw(port, Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`))
        assert.equal(response.status, 400, target)
        assert.ok(!(response.headers.get('location') ?? []).some((location) => location.includes('evil.example')), target)
      }
    })

    it('OPTIONS * HTTP/1.1: 400', async () => {
      const response = await sendRaw(port, Buffer.from(`OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`))
      assert.equal(response.status, 400)
    })

    it('TRACE and CONNECT: 405', async () => {
      for (const line of ['TRACE / HTTP/1.1', 'TRACE /login HTTP/1.1', 'CONNECT evil.example:443 HTTP/1.1']) {
        const response = await sendRaw(port, Buffer.from(`${line}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`))
        assert.equal(response.status, 405, line)
      }
    })
  })

  describe('cross-site requests', () => {
    it('CSRF on a server action: a cross-origin post is 403', async () => {
      const response = await submitForm({ port, path: '/login', cookie: null, marker: 'login', fields: [['login', 'x'], ['password', 'y']], origin: 'https://evil.example' })
      assert.equal(response.status, 403)
      const fetchMetadata = await send(port, { method: 'POST', target: '/account', headers: [['Cookie', userCookie], ['Sec-Fetch-Site', 'same-site'], ['Next-Action', 'x'.repeat(42)], ['Content-Type', 'text/plain']], body: Buffer.from('[]') })
      assert.equal(fetchMetadata.status, 403)
    })

    it('logout CSRF: POST /logout from another origin is 403 and the session lives on', async () => {
      const response = await send(port, { method: 'POST', target: '/logout', headers: [['Cookie', userCookie], ['Origin', 'https://evil.example']] })
      assert.equal(response.status, 403)
      const account = await get('/account', userCookie)
      assert.equal(account.status, 200)
    })

    it('POST /logout from our own origin still logs out', async () => {
      const cookie = await logInOverHttp(spareUsername)
      const response = await send(port, { method: 'POST', target: '/logout', headers: [['Cookie', cookie], ['Origin', `http://127.0.0.1:${port}`]] })
      assert.equal(response.status, 303)
    })
  })

  it('seeded fuzz: every endpoint and page, logged in and out, no response ≥ 500', { timeout: 150_000 }, async () => {
    const seed = fuzzSeed()
    const total = Math.max(2000, Number(process.env.FUZZ_REQUESTS) || 2000)
    console.log(`fuzz seed ${seed} (FUZZ_SEED=${seed} replays this run), ${total} requests, ${server.mode} server`)
    const random = seededRandom(seed)
    const routes = allTargets()
    // Known ids make some requests reach deeper than "unknown client".
    const knownIds = [clientId, 'openid', 'profile', REDIRECT_URI]
    // Requests are generated up front, in order, so the seed alone decides them.
    const planned: { description: string; bytes: Buffer }[] = []
    for (let index = 0; index < total; index++) {
      if (random.chance(0.08)) {
        planned.push(rawRequestBytes(random, port, routes))
        continue
      }
      const sessionCookie = random.pick([userCookie, adminCookie, null])
      const request: RawRequest = fuzzRequest({ random, routes, knownIds, sessionCookie })
      planned.push({ description: describeRequest(request), bytes: serialise(request, `127.0.0.1:${port}`) })
    }
    const failures: string[] = []
    const closedWithoutAnswer: string[] = []
    const statuses = new Map<number, number>()
    const started = Date.now()
    let nextIndex = 0
    const worker = async () => {
      while (nextIndex < planned.length) {
        const item = planned[nextIndex++]
        let response: RawResponse
        try {
          response = await sendRaw(port, item.bytes)
        } catch (error) {
          failures.push(`no answer (${(error as Error).message}): ${item.description}`)
          continue
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        if (response.status >= 500) failures.push(`${response.status}: ${item.description}`)
        // Node's HTTP parser may close on a request it cannot parse at all: a refusal, not a fault.
        if (response.status === 0) closedWithoutAnswer.push(item.description)
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`fuzz: ${planned.length} requests in ${seconds} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`)
    for (const description of closedWithoutAnswer) console.log(`closed without an answer: ${description.slice(0, 200)}`)
    const health = await get('/api/health')
    for (const failure of failures) console.log(`FAILED ${failure}`)
    assert.equal(health.status, 200, 'the server is still healthy after the run')
    assert.equal(failures.length, 0, `${failures.length} requests answered ≥ 500 or not at all (seed ${seed}):\n${failures.slice(0, 20).join('\n')}\n${server.output().slice(-3000)}`)
  })
})

function describeRequest(request: RawRequest): string {
  const body = request.body === undefined ? '' : ` body=${JSON.stringify(request.body.toString('latin1').slice(0, 300))}${request.body.length > 300 ? `…(${request.body.length} bytes)` : ''}`
  const headers = request.headers.filter(([name]) => name !== 'Cookie').map(([name, value]) => `${name}: ${value.slice(0, 80)}`).join(' | ')
  const cookie = request.headers.some(([name]) => name === 'Cookie') ? ' (logged in)' : ''
  return `${request.method} ${request.target.slice(0, 500)}${cookie} [${headers}]${body}`
}
