// The adapter between node:http and the Web Request → Response handlers, tested over a real
// socket on 127.0.0.1.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendServerError, sendWebResponse, toWebRequest } from '../../server/adapter'
import { stringResponse, withHeader } from '@/lib/response'

let server: Server
let port: number
let handler: (request: Request) => Promise<Response>
let trustProxy = false
let extraHeaders: readonly string[] = []

before(async () => {
  server = createServer((incoming, outgoing) => {
    toWebRequest(incoming, { origin: 'http://gatehouse.test', bodyLimit: 1024, trustProxy })
      .then(handler)
      .then((response) => sendWebResponse(response, outgoing, { extraHeaders, headOnly: incoming.method === 'HEAD' }))
      .catch(() => sendServerError(outgoing))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
after(() => new Promise<void>((resolve) => server.close(() => resolve())))

function send(options: { method?: string; path?: string; headers?: Record<string, string | string[]>; body?: string | Buffer }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }))
    })
    outgoing.on('error', reject)
    if (options.body) outgoing.write(options.body)
    outgoing.end()
  })
}

describe('lean server adapter', () => {
  it('passes method, path, query, headers and body through', async () => {
    handler = async (request) => Response.json({ method: request.method, url: request.url, type: request.headers.get('content-type'), body: await request.text() })
    const response = await send({ method: 'POST', path: '/oauth/token?a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=x' })
    assert.equal(response.status, 200)
    assert.deepEqual(JSON.parse(response.body), { method: 'POST', url: 'http://gatehouse.test/oauth/token?a=1', type: 'application/x-www-form-urlencoded', body: 'grant_type=x' })
  })

  it('cuts a body over the limit at limit + 1 bytes, so the handler can refuse it', async () => {
    handler = async (request) => Response.json({ length: (await request.arrayBuffer()).byteLength })
    const response = await send({ method: 'POST', body: Buffer.alloc(64 * 1024, 97) })
    assert.equal(JSON.parse(response.body).length, 1025)
  })

  it('keeps repeated headers: two Authorization headers reach the handler joined, never one picked', async () => {
    handler = async (request) => Response.json({ authorization: request.headers.get('authorization') })
    const response = await send({ headers: { authorization: ['Basic a', 'Basic b'] } })
    assert.equal(JSON.parse(response.body).authorization, 'Basic a, Basic b')
  })

  it('request headers read case-insensitively, iterate sorted like Headers, and cannot be changed by a handler', async () => {
    handler = async (request) => {
      let refused = false
      try { request.headers.set('authorization', 'Basic forged') } catch { refused = true }
      return Response.json({
        type: request.headers.get('Content-Type'), hasAccept: request.headers.has('ACCEPT'), missing: request.headers.get('x-none'),
        names: [...request.headers.keys()].filter((name) => name.startsWith('x-')), refused,
        authorization: request.headers.get('authorization'),
      })
    }
    const response = await send({ headers: { 'Content-Type': 'text/plain', accept: '*/*', 'x-b': '2', 'x-a': '1', authorization: 'Basic real' } })
    assert.deepEqual(JSON.parse(response.body), {
      type: 'text/plain', hasAccept: true, missing: null, names: ['x-a', 'x-b', 'x-forwarded-for'], refused: true, authorization: 'Basic real',
    })
  })

  it('writes the extra (security) headers and a string response\'s own headers, with Content-Length, in one head', async () => {
    extraHeaders = ['X-Frame-Options', 'DENY']
    handler = async () => withHeader(stringResponse('{"a":1}', { status: 202, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } }), 'x-request-id', 'abc12345')
    try {
      const response = await send({})
      assert.equal(response.status, 202)
      assert.equal(response.headers['x-frame-options'], 'DENY')
      assert.equal(response.headers['content-type'], 'application/json')
      assert.equal(response.headers['cache-control'], 'no-store')
      assert.equal(response.headers['x-request-id'], 'abc12345')
      assert.equal(response.headers['content-length'], '7')
      assert.equal(response.body, '{"a":1}')
      const head = await send({ method: 'HEAD' })
      assert.equal(head.body, '')
      assert.equal(head.headers['content-type'], 'application/json')
    } finally {
      extraHeaders = []
    }
  })

  it('a client cannot choose its own address: X-Forwarded-For is replaced with the socket address', async () => {
    trustProxy = false
    handler = async (request) => Response.json({ forwarded: request.headers.get('x-forwarded-for') })
    const response = await send({ headers: { 'x-forwarded-for': '203.0.113.9' } })
    assert.equal(JSON.parse(response.body).forwarded, '127.0.0.1')
  })

  it('behind a trusted proxy the first X-Forwarded-For entry is kept', async () => {
    trustProxy = true
    handler = async (request) => Response.json({ forwarded: request.headers.get('x-forwarded-for') })
    const response = await send({ headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.2' } })
    assert.equal(JSON.parse(response.body).forwarded, '203.0.113.9')
    trustProxy = false
  })

  it('sends status, several Set-Cookie headers and a Content-Length', async () => {
    handler = async () => {
      const headers = new Headers({ 'cache-control': 'no-store' })
      headers.append('set-cookie', 'a=1')
      headers.append('set-cookie', 'b=2')
      return new Response('{"ok":true}', { status: 201, headers })
    }
    const response = await send({})
    assert.equal(response.status, 201)
    assert.deepEqual(response.headers['set-cookie'], ['a=1', 'b=2'])
    assert.equal(response.headers['content-length'], '11')
    assert.equal(response.headers['cache-control'], 'no-store')
  })

  it('a handler that throws gives a generic 500 and the server keeps serving', async () => {
    handler = async () => { throw new Error('secret internal detail') }
    const failed = await send({})
    assert.equal(failed.status, 500)
    assert.deepEqual(JSON.parse(failed.body), { error: 'server_error', error_description: 'An unexpected error occurred' })
    handler = async () => Response.json({ alive: true })
    assert.equal((await send({})).status, 200)
  })
})
