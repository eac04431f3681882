import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { HeaderMap, responseHeader, type ProtocolRequest } from '@/lib/contract'
import {
  MAX_FORM_BYTES, MAX_PARAMETER_LENGTH, clientAddress, parseParameters, pathOf, protocolEndpoint, readForm, readQuery,
} from '@/lib/http'
import { protocolRequestFrom, readBodyLimited } from '@/lib/web-adapter'
import { OAuthError } from '@/lib/oauth/errors'
import { setLogSink } from '@/lib/log'

const names = ['grant_type', 'code', 'scope'] as const

function formRequest(body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }): Request {
  return new Request('http://localhost/oauth/token', { method: 'POST', body, headers })
}

/** A streamed body with no Content-Length, so only the running count can stop it. */
function streamedRequest(chunks: Uint8Array[]): Request {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) { for (const chunk of chunks) controller.enqueue(chunk); controller.close() },
  })
  return new Request('http://localhost/oauth/token', {
    method: 'POST', body: stream, headers: { 'content-type': 'application/x-www-form-urlencoded' }, duplex: 'half',
  } as RequestInit & { duplex: 'half' })
}

function get(url: string): ProtocolRequest {
  return { method: 'GET', url, headers: new HeaderMap(), body: null, clientAddress: '127.0.0.1' }
}

function post(url: string): ProtocolRequest {
  return { method: 'POST', url, headers: new HeaderMap(), body: new Uint8Array(), clientAddress: '127.0.0.1' }
}

function invalidRequest(description: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof OAuthError, `expected OAuthError, got ${String(error)}`)
    assert.equal(error.code, 'invalid_request')
    assert.equal(error.status, 400)
    assert.match(error.description, description)
    return true
  }
}

describe('parseParameters (RFC 6749 §3.1)', () => {
  it('returns the declared parameters and ignores unknown ones', () => {
    assert.deepEqual(parseParameters('grant_type=authorization_code&code=abc&unknown=1', names), { grant_type: 'authorization_code', code: 'abc' })
  })

  it('decodes percent-encoding and + as space', () => {
    assert.deepEqual(parseParameters('scope=openid+profile%20email&code=a%2Fb', names), { scope: 'openid profile email', code: 'a/b' })
  })

  it('treats an empty value as absent', () => {
    assert.deepEqual(parseParameters('code=&scope=openid', names), { scope: 'openid' })
  })

  it('refuses a repeated declared parameter, even with the same value', () => {
    assert.throws(() => parseParameters('code=a&code=a', names), invalidRequest(/code parameter is repeated/))
    assert.throws(() => parseParameters('grant_type=x&scope=a&scope=b', names), invalidRequest(/scope parameter is repeated/))
  })

  it('tolerates a repeated parameter the endpoint does not read', () => {
    assert.deepEqual(parseParameters('other=1&other=2&code=c', names), { code: 'c' })
  })

  it('refuses a parameter longer than the limit', () => {
    assert.deepEqual(parseParameters(`code=${'a'.repeat(MAX_PARAMETER_LENGTH)}`, names), { code: 'a'.repeat(MAX_PARAMETER_LENGTH) })
    assert.throws(() => parseParameters(`code=${'a'.repeat(MAX_PARAMETER_LENGTH + 1)}`, names), invalidRequest(/too long/))
  })

  it('keeps SQL and HTML payloads as inert strings', () => {
    const payload = "'; drop table users; --<script>"
    assert.deepEqual(parseParameters(`code=${encodeURIComponent(payload)}`, names), { code: payload })
  })
})

describe('readForm', () => {
  it('reads an application/x-www-form-urlencoded body, charset parameter allowed', async () => {
    const request = formRequest('grant_type=client_credentials&scope=read', { 'content-type': 'Application/X-WWW-Form-URLEncoded; charset=UTF-8' })
    assert.deepEqual(await readForm(await protocolRequestFrom(request), names), { grant_type: 'client_credentials', scope: 'read' })
  })

  it('reads an empty body as no parameters', async () => {
    assert.deepEqual(await readForm(await protocolRequestFrom(formRequest('')), names), {})
  })

  it('refuses JSON, multipart and a missing content type', async () => {
    await assert.rejects(readForm(await protocolRequestFrom(formRequest('{"grant_type":"x"}', { 'content-type': 'application/json' })), names), invalidRequest(/must be application\/x-www-form-urlencoded/))
    await assert.rejects(readForm(await protocolRequestFrom(formRequest('grant_type=x', { 'content-type': 'multipart/form-data; boundary=x' })), names), invalidRequest(/must be application\/x-www-form-urlencoded/))
    await assert.rejects(readForm(await protocolRequestFrom(new Request('http://localhost/', { method: 'POST', body: new Uint8Array([0x61]) })), names), invalidRequest(/must be application\/x-www-form-urlencoded/))
  })

  it('refuses duplicates in the body', async () => {
    await assert.rejects(readForm(await protocolRequestFrom(formRequest('grant_type=a&grant_type=b')), names), invalidRequest(/grant_type parameter is repeated/))
  })

  it('refuses a body over the limit', async () => {
    const big = `code=${'a'.repeat(MAX_FORM_BYTES)}`
    await assert.rejects(readForm(await protocolRequestFrom(formRequest(big)), names), invalidRequest(/too large/))
  })

  it('refuses a body over the limit that declares no length (streamed)', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(4096))
    const request = streamedRequest(Array.from({ length: MAX_FORM_BYTES / 4096 + 1 }, () => chunk))
    assert.equal(request.headers.get('content-length'), null)
    await assert.rejects(readForm(await protocolRequestFrom(request), names), invalidRequest(/too large/))
  })

  it('accepts a streamed body just under the limit', async () => {
    const encoder = new TextEncoder()
    const request = streamedRequest([encoder.encode('code=abc&'), encoder.encode('scope=openid')])
    assert.deepEqual(await readForm(await protocolRequestFrom(request), names), { code: 'abc', scope: 'openid' })
  })

  it('refuses invalid UTF-8 in the raw body', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('code='), 0xff, 0xfe, 0x41])
    await assert.rejects(readForm(await protocolRequestFrom(formRequest(bytes)), names), invalidRequest(/not valid UTF-8/))
  })

  it('accepts valid multi-byte UTF-8', async () => {
    assert.deepEqual(await readForm(await protocolRequestFrom(formRequest(new TextEncoder().encode('code=caf\u00e9'))), names), { code: 'caf\u00e9' })
  })
})

describe('readBodyLimited (the Next adapter)', () => {
  it('stops at limit + 1 bytes over the limit and returns the bytes at the limit', async () => {
    assert.deepEqual(await readBodyLimited(formRequest('123456789'), 4), new TextEncoder().encode('12345'))
    assert.deepEqual(await readBodyLimited(formRequest('1234'), 4), new TextEncoder().encode('1234'))
  })
})

describe('pathOf (what the access log shows of a URL)', () => {
  it('keeps the path only: never the query or fragment, where codes and tokens travel', () => {
    assert.equal(pathOf('http://localhost:3000/oauth/token?code=secret#x'), '/oauth/token')
    assert.equal(pathOf('https://id.example/oauth/authorize#access_token=x'), '/oauth/authorize')
    assert.equal(pathOf('http://localhost:3000'), '/')
    assert.equal(pathOf('http://localhost:3000/a/b'), '/a/b')
  })
})

describe('readQuery', () => {
  it('applies the same rules to a query string', () => {
    assert.deepEqual(readQuery(get('/oauth/authorize?scope=openid&x=1'), names), { scope: 'openid' })
    assert.throws(() => readQuery(get('/oauth/authorize?scope=a&scope=b'), names), invalidRequest(/repeated/))
  })
})

describe('protocolEndpoint', () => {
  const lines: string[] = []
  setLogSink((line) => lines.push(line))

  it('renders a thrown OAuthError as RFC 6749 §5.2 JSON, no-store, and logs only the private detail', async () => {
    const handler = protocolEndpoint(async () => { throw new OAuthError('invalid_grant', 'The grant is invalid', 'code already consumed') })
    const response = await handler(post('/oauth/token'))
    assert.equal(response.status, 400)
    assert.equal(responseHeader(response.headers, 'cache-control'), 'no-store')
    assert.equal(responseHeader(response.headers, 'content-type'), 'application/json')
    assert.deepEqual(JSON.parse(response.body), { error: 'invalid_grant', error_description: 'The grant is invalid' })
    assert.ok(lines.some((line) => line.includes('code already consumed')))
  })

  it('answers 503 temporarily_unavailable when the database is away', async () => {
    const handler = protocolEndpoint(async () => { throw Object.assign(new Error('query failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }) })
    const response = await handler(post('/oauth/token'))
    assert.equal(response.status, 503)
    assert.equal(JSON.parse(response.body).error, 'temporarily_unavailable')
  })

  it('answers 500 server_error without leaking the exception', async () => {
    const handler = protocolEndpoint(async () => { throw new Error('secret internal detail') })
    const response = await handler(post('/oauth/token'))
    assert.equal(response.status, 500)
    const body = JSON.parse(response.body)
    assert.equal(body.error, 'server_error')
    assert.ok(!JSON.stringify(body).includes('secret internal detail'))
  })
})

describe('clientAddress', () => {
  const headers = new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-real-ip': '198.51.100.2' })

  it('a client cannot spoof its address: without a trusted proxy the last entry (written by our server) counts', () => {
    assert.equal(clientAddress(headers, false), '10.0.0.1')
  })

  it('behind a trusted proxy the first X-Forwarded-For entry is the client', () => {
    assert.equal(clientAddress(headers, true), '203.0.113.7')
  })

  it('X-Real-IP is never trusted; no header at all gives "unknown"', () => {
    assert.equal(clientAddress(new Headers({ 'x-real-ip': '198.51.100.2' }), false), 'unknown')
  })
})
