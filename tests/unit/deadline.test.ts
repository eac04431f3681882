// runWithDeadline: the answer arrives by the deadline whatever the work does, and the work can
// tell that its time is up.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { assertBeforeDeadline, DeadlineExceededError, remainingMs, runWithDeadline } from '@/lib/deadline'

describe('request deadline', () => {
  it('rejects at the deadline, and the late work sees that its time is up', async () => {
    let lateCheck: unknown
    let workDone = false
    const request = new Request('http://localhost/')
    await assert.rejects(runWithDeadline(100, request, async () => {
      await sleep(300)
      try { assertBeforeDeadline() } catch (error) { lateCheck = error }
      workDone = true
    }), DeadlineExceededError)
    assert.equal(workDone, false, 'answered before the work ended')
    while (!workDone) await sleep(20)
    assert.ok(lateCheck instanceof DeadlineExceededError)
  })

  it('a client abort ends the deadline at once', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    await assert.rejects(runWithDeadline(5000, new Request('http://localhost/', { signal: controller.signal }), async () => {
      await sleep(100)
      assert.equal(remainingMs(), 0)
    }), DeadlineExceededError)
  })

  it('a lean-server client that disconnected leaves no time for its work', async () => {
    let gone = false
    const request = { clientGone: () => gone }
    const left = await runWithDeadline(5000, request, async () => {
      const before = remainingMs()
      gone = true
      return [before, remainingMs()]
    })
    assert.ok((left[0] ?? 0) > 4000)
    assert.equal(left[1], 0)
  })

  it('work inside its deadline answers normally; outside any deadline nothing is limited', async () => {
    assert.equal(await runWithDeadline(1000, new Request('http://localhost/'), async () => (remainingMs() ?? 0) > 900), true)
    assert.equal(remainingMs(), undefined)
    assert.doesNotThrow(assertBeforeDeadline)
  })
})
