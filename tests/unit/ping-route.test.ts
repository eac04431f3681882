import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { reloadConfig } from '@/lib/config'
import { GET } from '@/app/api/ping/route'

const previous = process.env.BENCHMARK_ROUTES
process.env.AUTH_SECRET ??= 'test-secret-that-is-long-enough-0123456789'
const ping = () => GET(new Request('http://localhost/api/ping'))

describe('GET /api/ping (the benchmark\'s trivial route)', () => {
  afterEach(() => {
    if (previous === undefined) delete process.env.BENCHMARK_ROUTES
    else process.env.BENCHMARK_ROUTES = previous
    reloadConfig()
  })

  it('does not exist unless the benchmark asks for it', async () => {
    delete process.env.BENCHMARK_ROUTES
    reloadConfig()
    assert.equal((await ping()).status, 404)
  })

  it('answers with BENCHMARK_ROUTES=true', async () => {
    process.env.BENCHMARK_ROUTES = 'true'
    reloadConfig()
    const response = await ping()
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { ok: true })
  })
})
