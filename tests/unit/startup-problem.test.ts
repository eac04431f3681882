// A server whose data folder cannot be written and that has no DATABASE_URL (a serverless
// function, a read-only container) says what to set, in the log and in a 503, instead of failing
// every request. The folder here sits under a regular file, so it cannot be created whoever runs
// the test (root included); tests/deploy/read-only-next.test.ts covers a real read-only copy.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigError, parseConfig } from '@/lib/config'
import { dataDirProblem } from '@/lib/data-dir'
import { startupProblemResponse } from '@/lib/startup-problem'

const folder = mkdtempSync(path.join(tmpdir(), 'gatehouse-startup-'))
const blocker = path.join(folder, 'a-file')
writeFileSync(blocker, '')
const unwritable = path.join(blocker, 'data')
after(() => rmSync(folder, { recursive: true, force: true }))

describe('start-up without a usable data folder', () => {
  it('reports the folder and the reason', () => {
    assert.match(dataDirProblem(unwritable) ?? '', /the data folder .*a-file\/data cannot be written \(ENOTDIR\)/)
    assert.equal(dataDirProblem(folder), undefined)
  })

  it('names AUTH_SECRET and DATABASE_URL when neither is set', () => {
    assert.throws(() => parseConfig({ DATA_DIR: unwritable }), (error: unknown) => {
      assert.ok(error instanceof ConfigError)
      assert.deepEqual(error.variables, ['AUTH_SECRET', 'DATABASE_URL'])
      assert.match(error.message, /^AUTH_SECRET and DATABASE_URL are not set and the data folder/)
      return true
    })
  })

  it('names only AUTH_SECRET when PostgreSQL is configured', () => {
    assert.throws(() => parseConfig({ DATA_DIR: unwritable, DATABASE_URL: 'postgres://db.example.test/gatehouse' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError)
      assert.deepEqual(error.variables, ['AUTH_SECRET'])
      return true
    })
  })

  it('answers machine endpoints with 503 temporarily_unavailable naming the variable', async () => {
    const response = startupProblemResponse(new ConfigError('x', ['DATABASE_URL']), true)
    assert.equal(response.status, 503)
    assert.deepEqual(await response.json(), { error: 'temporarily_unavailable', error_description: 'Not configured: set DATABASE_URL' })
  })

  it('answers pages with a 503 page naming the variable and no detail from the log', async () => {
    const response = startupProblemResponse(new ConfigError('DATABASE_URL is not set and the data folder /secret/path cannot be written (EROFS)', ['DATABASE_URL']), false)
    assert.equal(response.status, 503)
    assert.match(response.headers.get('content-type') ?? '', /text\/html/)
    const html = await response.text()
    assert.match(html, /<code>DATABASE_URL<\/code>/)
    assert.doesNotMatch(html, /secret\/path/)
  })
})
