// runWithDeadline: the answer arrives by the deadline whatever the work does, and the work can
// tell that its time is up.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { assertBeforeDeadline, DeadlineExceededError, remainingMs, runWithDeadline } from '@/lib/deadline'

describe('request deadline', () => {
  it('rejects at the deadline, and the late work sees that its time is up', async () => {
    let lateCheck: unknown
    const started = performance.now()
    await assert.rejects(runWithDeadline(100, undefined, async () => {
      await sleep(200)
      try { assertBeforeDeadline() } catch (error) { lateCheck = error }
    }), DeadlineExceededError)
    assert.ok(performance.now() - started < 180)
    await sleep(150)
    assert.ok(lateCheck instanceof DeadlineExceededError)
  })

  it('a client abort ends the deadline at once', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    await assert.rejects(runWithDeadline(5000, controller.signal, async () => {
      await sleep(100)
      assert.equal(remainingMs(), 0)
    }), DeadlineExceededError)
  })

  it('work inside its deadline answers normally; outside any deadline nothing is limited', async () => {
    assert.equal(await runWithDeadline(1000, undefined, async () => (remainingMs() ?? 0) > 900), true)
    assert.equal(remainingMs(), undefined)
    assert.doesNotThrow(assertBeforeDeadline)
  })
})
