// The two serving modes answer alike: the same requests to the lean server (`node dist/server.mjs`,
// `npm start`) and to `next start`, one after the other on the same database and issuer, give the
// same status, headers (but date, request id and connection framing) and body. Needs the build
// (scripts/test.sh runs tests/server after it).
import { closeDatabase } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { basic, makeUserWithClient } from '../helpers/oauth'
import { startServer, stopServer, type Mode } from './servers'

/** Both servers announce this issuer, whatever port they get, so their documents can match. */
const ISSUER = 'http://127.0.0.1:4060'

interface Probe { name: string; method: string; path: string; headers?: Record<string, string>; body?: string }
interface Answer { status: number; headers: Record<string, string>; body: string }

/** Headers that belong to one connection or one moment, not to the answer. Content-Length is
 * framing too (RFC 9112 §6): Next sends every route handler's body chunked, the lean server
 * with a length. */
const transient = new Set(['date', 'x-request-id', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'])
/** Next adds this Vary to everything it serves (its client router's request headers). No client
 * sends those headers to a machine endpoint, so a cache keys both modes' answers alike. */
const nextRouterVary = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'

let probes: Probe[] = []
const answers: Record<Mode, Answer[]> = { lean: [], next: [] }

async function ask(origin: string, probe: Probe): Promise<Answer> {
  const response = await fetch(`${origin}${probe.path}`, { method: probe.method, headers: probe.headers, body: probe.body, redirect: 'manual', signal: AbortSignal.timeout(15_000) })
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => { if (!transient.has(name) && !(name === 'vary' && value === nextRouterVary)) headers[name] = value })
  return { status: response.status, headers, body: await response.text() }
}

async function serveProbes(mode: Mode): Promise<void> {
  const server = await startServer(mode, { ISSUER })
  try {
    for (const probe of probes) answers[mode].push(await ask(server.url, probe))
  } finally {
    await stopServer(server)
  }
}

const form = { 'content-type': 'application/x-www-form-urlencoded' }

before(async () => {
  const { client, secret } = await makeUserWithClient({ grantTypes: ['client_credentials'], redirectUris: [], scopes: ['openid'] })
  // The embedded database admits one process: the servers open it after this one lets go.
  await closeDatabase()
  probes = [
    { name: 'discovery', method: 'GET', path: '/.well-known/openid-configuration' },
    { name: 'discovery over HTTPS (proxy)', method: 'GET', path: '/.well-known/oauth-authorization-server', headers: { 'x-forwarded-proto': 'https' } },
    { name: 'JWKS', method: 'GET', path: '/.well-known/jwks.json' },
    { name: 'JWKS, HEAD', method: 'HEAD', path: '/.well-known/jwks.json' },
    { name: 'health', method: 'GET', path: '/api/health' },
    { name: 'token, wrong method', method: 'DELETE', path: '/oauth/token' },
    { name: 'token, GET', method: 'GET', path: '/oauth/token?grant_type=client_credentials' },
    { name: 'token, OPTIONS', method: 'OPTIONS', path: '/oauth/token' },
    { name: 'unknown path under /oauth', method: 'GET', path: '/oauth/nowhere' },
    { name: 'token, wrong secret', method: 'POST', path: '/oauth/token', headers: { ...form, authorization: basic(client.id, 'wrong') }, body: 'grant_type=client_credentials' },
    { name: 'token, not a form', method: 'POST', path: '/oauth/token', headers: { 'content-type': 'application/json', authorization: basic(client.id, secret) }, body: '{}' },
    { name: 'token, body too large', method: 'POST', path: '/oauth/token', headers: { ...form, authorization: basic(client.id, secret) }, body: `grant_type=client_credentials&x=${'a'.repeat(20_000)}` },
    { name: 'token, client_credentials', method: 'POST', path: '/oauth/token', headers: { ...form, authorization: basic(client.id, secret) }, body: 'grant_type=client_credentials' },
    { name: 'resource without a token', method: 'GET', path: '/api/resources' },
    { name: 'userinfo, HEAD without a token', method: 'HEAD', path: '/oauth/userinfo' },
    { name: 'authorize without parameters', method: 'GET', path: '/oauth/authorize' },
    { name: 'authorize, wrong method', method: 'PUT', path: '/oauth/authorize' },
  ]
  await serveProbes('lean')
  await serveProbes('next')
})

after(closeDatabase)

/** A successful token answer differs in its token only. */
function comparable(answer: Answer): Answer {
  if (answer.status !== 200 || !answer.body.includes('access_token')) return answer
  const body = JSON.parse(answer.body) as Record<string, unknown>
  assert.equal(typeof body.access_token, 'string')
  return { ...answer, body: JSON.stringify({ ...body, access_token: '(a token)' }) }
}

function differencesOf(name: string, lean: Answer, next: Answer): string[] {
  const found: string[] = []
  if (lean.status !== next.status) found.push(`${name}: status lean ${lean.status}, next ${next.status}`)
  for (const header of new Set([...Object.keys(lean.headers), ...Object.keys(next.headers)])) {
    if (lean.headers[header] !== next.headers[header]) found.push(`${name}: ${header} lean ${lean.headers[header]}, next ${next.headers[header]}`)
  }
  if (lean.body !== next.body) found.push(`${name}: body lean ${lean.body.slice(0, 200)}, next ${next.body.slice(0, 200)}`)
  return found
}

describe('the lean server and next start answer alike', () => {
  it('the same status, headers and body for every probe', () => {
    const differences = probes.flatMap((probe, index) => differencesOf(probe.name, comparable(answers.lean[index]), comparable(answers.next[index])))
    assert.deepEqual(differences, [])
  })

  it('wrong methods: 405 with Allow in both', () => {
    const deleted = answers.lean[probes.findIndex((probe) => probe.name === 'token, wrong method')]
    assert.equal(deleted.status, 405)
    assert.equal(deleted.headers.allow, 'POST, OPTIONS')
  })

  it('security headers by one rule: no-referrer under /oauth, HSTS only over HTTPS', () => {
    const byName = (name: string) => answers.lean[probes.findIndex((probe) => probe.name === name)]
    assert.equal(byName('token, wrong secret').headers['referrer-policy'], 'no-referrer')
    assert.equal(byName('discovery').headers['referrer-policy'], 'same-origin')
    assert.equal(byName('discovery').headers['strict-transport-security'], undefined)
    assert.match(byName('discovery over HTTPS (proxy)').headers['strict-transport-security'] ?? '', /max-age=/)
    assert.match(byName('JWKS').headers['content-security-policy'] ?? '', /frame-ancestors 'none'/)
  })
})
