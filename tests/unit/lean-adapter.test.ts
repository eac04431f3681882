// The adapter between node:http and the protocol contract (lib/contract.ts), tested over a real
// socket on 127.0.0.1.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ProtocolHandler } from '@/lib/contract'
import { jsonResponse, stringResponse } from '@/lib/response'
import { protocolRequestOf, sendServerError, writeProtocolResponse } from '../../server/adapter'

let server: Server
let port: number
let handler: ProtocolHandler
let trustProxy = false

before(async () => {
  server = createServer((incoming, outgoing) => {
    protocolRequestOf(incoming, { bodyLimit: 1024, trustProxy })
      .then(handler)
      .then((response) => writeProtocolResponse(response, outgoing))
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

const decoder = new TextDecoder()

describe('lean server adapter', () => {
  it('passes method, path and query as received, headers and body through', async () => {
    handler = async (request) => jsonResponse({ method: request.method, url: request.url, type: request.headers.get('content-type'), body: decoder.decode(request.body!) })
    const response = await send({ method: 'POST', path: '/oauth/token?a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=x' })
    assert.equal(response.status, 200)
    assert.deepEqual(JSON.parse(response.body), { method: 'POST', url: '/oauth/token?a=1', type: 'application/x-www-form-urlencoded', body: 'grant_type=x' })
  })

  it('gives GET no body and an empty POST an empty one', async () => {
    handler = async (request) => jsonResponse({ body: request.body === null ? null : request.body.byteLength })
    assert.deepEqual(JSON.parse((await send({})).body), { body: null })
    assert.deepEqual(JSON.parse((await send({ method: 'POST' })).body), { body: 0 })
  })

  it('cuts a body over the limit at limit + 1 bytes, so the handler can refuse it', async () => {
    handler = async (request) => jsonResponse({ length: request.body?.byteLength })
    const response = await send({ method: 'POST', body: Buffer.alloc(64 * 1024, 97) })
    assert.equal(JSON.parse(response.body).length, 1025)
  })

  it('keeps repeated headers: two Authorization headers reach the handler joined, never one picked', async () => {
    handler = async (request) => jsonResponse({ authorization: request.headers.get('authorization') })
    const response = await send({ headers: { authorization: ['Basic a', 'Basic b'] } })
    assert.equal(JSON.parse(response.body).authorization, 'Basic a, Basic b')
  })

  it('request headers read case-insensitively', async () => {
    handler = async (request) => jsonResponse({ type: request.headers.get('Content-Type'), accept: request.headers.get('ACCEPT'), missing: request.headers.get('x-none') })
    const response = await send({ headers: { 'Content-Type': 'text/plain', accept: '*/*' } })
    assert.deepEqual(JSON.parse(response.body), { type: 'text/plain', accept: '*/*', missing: null })
  })

  it('writes status, the response\'s headers and a Content-Length in one head', async () => {
    handler = async () => stringResponse('{"a":1}', { status: 202, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Request-Id': 'abc12345' } })
    const response = await send({})
    assert.equal(response.status, 202)
    assert.equal(response.headers['content-type'], 'application/json')
    assert.equal(response.headers['cache-control'], 'no-store')
    assert.equal(response.headers['x-request-id'], 'abc12345')
    assert.equal(response.headers['content-length'], '7')
    assert.equal(response.body, '{"a":1}')
  })

  it('keeps a Content-Length the response declares (HEAD) and sends no body for HEAD', async () => {
    handler = async () => stringResponse('', { status: 200, headers: { 'Content-Type': 'application/json', 'Content-Length': '7' } })
    const head = await send({ method: 'HEAD' })
    assert.equal(head.body, '')
    assert.equal(head.headers['content-length'], '7')
  })

  it('a client cannot choose its own address: X-Forwarded-For is ignored without a trusted proxy', async () => {
    trustProxy = false
    handler = async (request) => jsonResponse({ address: request.clientAddress })
    const response = await send({ headers: { 'x-forwarded-for': '203.0.113.9' } })
    assert.equal(JSON.parse(response.body).address, '127.0.0.1')
  })

  it('behind a trusted proxy the first X-Forwarded-For entry is the client address', async () => {
    trustProxy = true
    handler = async (request) => jsonResponse({ address: request.clientAddress })
    const response = await send({ headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.2' } })
    assert.equal(JSON.parse(response.body).address, '203.0.113.9')
    trustProxy = false
  })

  it('a handler that throws gives a generic 500 and the server keeps serving', async () => {
    handler = async () => { throw new Error('secret internal detail') }
    const failed = await send({})
    assert.equal(failed.status, 500)
    assert.deepEqual(JSON.parse(failed.body), { error: 'server_error', error_description: 'An unexpected error occurred' })
    handler = async () => jsonResponse({ alive: true })
    assert.equal((await send({})).status, 200)
  })
})
