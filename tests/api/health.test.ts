import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase } from '../helpers/database'
import { healthCheck } from '@/lib/health'

after(closeDatabase)

describe('GET /api/health', () => {
  it('answers 200 {"status":"ok"} with no-store when the database answers', async () => {
    const response = await healthCheck()
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('cache-control'), 'no-store')
    assert.deepEqual(await response.json(), { status: 'ok' })
  })
})
