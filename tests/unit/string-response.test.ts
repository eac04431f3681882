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

  it('hands its string to the lean server until somebody reads the body', async () => {
    const response = stringResponse('hello', { status: 200 })
    assert.equal(rawBodyOf(response), 'hello')
    await response.text()
    assert.equal(rawBodyOf(response), undefined)
    assert.equal(rawBodyOf(new Response('other')), undefined)
  })
})
