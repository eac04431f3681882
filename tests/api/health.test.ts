import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase } from '../helpers/database'
import { config } from '@/lib/config'
import { serve } from '../helpers/serve'

after(closeDatabase)

describe('GET /api/health', () => {
  it('answers 200 {"status":"ok"} with no-store when the database answers', async () => {
    const response = await serve(new Request(`${config().ISSUER}/api/health`))
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('cache-control'), 'no-store')
    assert.deepEqual(await response.json(), { status: 'ok' })
  })
})
