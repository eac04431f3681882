// A page that fails because the database is unreachable is an outage: the lean server answers it
// 503 with Retry-After, while any other failing page keeps its 500.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { noteDatabaseError, registerProbe } from '@/db/availability'
import { answerOutagesWith503 } from '@/server/page-status'

async function failingPage(): Promise<Response> {
  const server = createServer((_request, response) => {
    answerOutagesWith503(response)
    response.statusCode = 500
    response.setHeader('Content-Type', 'text/html')
    response.end('<h1>Temporarily unavailable</h1>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    return await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/account`)
  } finally {
    server.close()
  }
}

describe('pages during an outage', () => {
  it('a page failing while the database is reachable keeps its 500', async () => {
    registerProbe(async () => {})
    const response = await failingPage()
    assert.equal(response.status, 500)
    assert.equal(response.headers.get('retry-after'), null)
  })

  it('a page failing while the database is unreachable answers 503 with Retry-After', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    registerProbe(async () => { throw refused })
    noteDatabaseError(refused)
    const response = await failingPage()
    assert.equal(response.status, 503)
    assert.equal(response.headers.get('retry-after'), '1')
    assert.equal(response.headers.get('cache-control'), 'no-store')
    assert.match(await response.text(), /Temporarily unavailable/)
    registerProbe(async () => {}) // let the background probe close the breaker
  })
})
