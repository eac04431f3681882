import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rawBodyOf, stringResponse } from '@/lib/response'

describe('stringResponse', () => {
  it('behaves as a Response: status, headers, text, json, body stream', async () => {
    const make = () => stringResponse('{"a":1}', { status: 201, headers: { 'content-type': 'application/json' } })
    const response = make()
    assert.ok(response instanceof Response)
    assert.equal(response.status, 201)
    assert.equal(response.headers.get('content-type'), 'application/json')
    assert.deepEqual(await response.json(), { a: 1 })
    assert.equal(response.bodyUsed, true)
    await assert.rejects(response.text(), TypeError)
    assert.equal(await new Response(make().body).text(), '{"a":1}')
    assert.equal(await make().clone().text(), '{"a":1}')
  })

  it('gives the same stream on every access of body, as a framework that checks and then pipes expects', async () => {
    const response = stringResponse('piped', { status: 200 })
    assert.ok(response.body)
    const stream = response.body
    assert.equal(response.body, stream)
    assert.equal(response.bodyUsed, false, 'looking at the stream is not reading it')
    assert.equal(rawBodyOf(response), undefined, 'once streamed, the lean server must not write it again')
    const chunks: Uint8Array[] = []
    await stream.pipeTo(new WritableStream({ write(chunk) { chunks.push(chunk) } }))
    assert.equal(Buffer.concat(chunks).toString(), 'piped')
    assert.equal(response.bodyUsed, true)
  })

  it('hands its string to the lean server until somebody reads the body', async () => {
    const response = stringResponse('hello', { status: 200 })
    assert.equal(rawBodyOf(response), 'hello')
    await response.text()
    assert.equal(rawBodyOf(response), undefined)
    assert.equal(rawBodyOf(new Response('other')), undefined)
  })
})
