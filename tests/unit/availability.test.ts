// The circuit breaker in front of the database: a connection failure makes requests fail fast,
// a background probe closes it again as soon as the database answers.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { databaseKnownDown, databaseReachable, noteDatabaseError, PROBE_INTERVAL_MS, registerProbe } from '@/db/availability'
import { DatabaseUnavailableError, isDatabaseUnavailable } from '@/db/errors'
import { DeadlineExceededError } from '@/lib/deadline'

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })

describe('database circuit breaker', () => {
  it('opens on a connection failure and closes once the probe succeeds again', async () => {
    let up = false
    registerProbe(async () => { if (!up) throw refused })
    noteDatabaseError(refused)
    assert.equal(databaseKnownDown(), true)
    assert.equal(await databaseReachable(), false)
    up = true
    await sleep(PROBE_INTERVAL_MS * 3)
    assert.equal(databaseKnownDown(), false)
    assert.equal(await databaseReachable(), true)
  })

  it('a slow statement or a passed deadline answers 503 but does not open the breaker', () => {
    registerProbe(async () => {})
    for (const error of [Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }), new DeadlineExceededError()]) {
      assert.equal(isDatabaseUnavailable(error), true)
      noteDatabaseError(error)
      assert.equal(databaseKnownDown(), false)
    }
  })

  it('a probe that hangs counts as a failure', async () => {
    registerProbe(() => new Promise(() => {}))
    const started = performance.now()
    // The last probe is fresh for a moment after a success: wait that out.
    await sleep(150)
    assert.equal(await databaseReachable(), false)
    assert.ok(performance.now() - started < 1500)
    assert.equal(databaseKnownDown(), true)
    registerProbe(undefined)
    assert.equal(databaseKnownDown(), false)
    assert.equal(new DatabaseUnavailableError().code, 'DATABASE_UNAVAILABLE')
  })
})
