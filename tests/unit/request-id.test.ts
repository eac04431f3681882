// Every protocol request gets a request id (X-Request-Id, generated or accepted) and exactly one
// access log line: method, path, status, duration — never the query string, where codes travel.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { protocolEndpoint } from '@/lib/http'
import { stringResponse } from '@/lib/response'
import { overWeb } from '../helpers/serve'
import { setLogSink } from '@/lib/log'
import { OAuthError } from '@/lib/oauth/errors'

const lines: string[] = []
setLogSink((line) => lines.push(line))
after(() => setLogSink((line) => process.stdout.write(line + '\n')))

const ok = overWeb(protocolEndpoint(async () => stringResponse('fine', { status: 200 })))
const failing = overWeb(protocolEndpoint(async () => { throw new OAuthError('invalid_grant', 'The code is invalid', 'code already consumed') }))
const redirecting = overWeb(protocolEndpoint(async () => stringResponse('', { status: 302, headers: { Location: 'https://rp.example.test/cb?code=abc' } })))

function accessLines(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request')
}

describe('request id and access log', () => {
  it('generates an id, returns it as X-Request-Id and logs method, path, status and duration without the query', async () => {
    lines.length = 0
    const response = await ok(new Request('http://localhost/oauth/authorize?code=super-secret-code&state=s', { method: 'GET' }))
    const id = response.headers.get('x-request-id')
    assert.match(id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-z]{8}$/)
    const [entry] = accessLines()
    assert.deepEqual({ ...entry, time: undefined, durationMs: undefined }, { time: undefined, level: 'info', msg: 'request', requestId: id, method: 'GET', path: '/oauth/authorize', status: 200, durationMs: undefined })
    assert.equal(typeof entry.durationMs, 'number')
    assert.ok(!lines.join('\n').includes('super-secret-code'))
  })

  it('keeps a well-formed X-Request-Id from the caller, so one id follows the request through the proxies', async () => {
    lines.length = 0
    const response = await ok(new Request('http://localhost/oauth/token', { method: 'POST', headers: { 'x-request-id': 'edge-4f2a9c.01' } }))
    assert.equal(response.headers.get('x-request-id'), 'edge-4f2a9c.01')
    assert.equal(accessLines()[0].requestId, 'edge-4f2a9c.01')
  })

  it('replaces a malformed X-Request-Id (log injection attempt) with a fresh one', async () => {
    lines.length = 0
    const response = await ok(new Request('http://localhost/oauth/token', { method: 'POST', headers: { 'x-request-id': 'x" "level":"error' } }))
    assert.match(response.headers.get('x-request-id')!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-z]{8}$/)
  })

  it('logs error responses with their status, and the error line carries the same id', async () => {
    lines.length = 0
    const response = await failing(new Request('http://localhost/oauth/token', { method: 'POST' }))
    assert.equal(response.status, 400)
    const id = response.headers.get('x-request-id')
    const entries = lines.map((line) => JSON.parse(line))
    assert.deepEqual(entries.map((entry) => [entry.msg, entry.requestId]), [['oauth error', id], ['request', id]])
    assert.equal(entries[1].status, 400)
  })

  it('adds the header to a redirect and keeps its Location', async () => {
    const response = await redirecting(new Request('http://localhost/oauth/authorize'))
    assert.equal(response.status, 302)
    assert.ok(response.headers.get('x-request-id'))
    assert.equal(response.headers.get('location'), 'https://rp.example.test/cb?code=abc')
  })
})
