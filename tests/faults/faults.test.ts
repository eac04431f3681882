// `npm run test:faults`: two instances of the built lean server on one PostgreSQL 15 cluster
// under a bounded mixed load; PostgreSQL is stopped for 15 s and one instance is killed with
// SIGKILL. One test per criterion, after a table of what was measured (docs/fault-test.md).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { ANSWER_LIMIT_MS } from './figures'
import { resources, runScenario, type Outcome } from './scenario'

/** From PostgreSQL accepting connections again to each instance's first successful refresh. */
const RECOVERY_LIMIT_MS = 2000

let outcome: Outcome | undefined
let failed = false

before(async () => {
  outcome = await runScenario((line) => console.log(`[faults] ${line}`))
  console.log(outcome.table)
})

after(() => {
  if (!outcome || failed) console.log(resources.logTails())
  if (resources.keepLogs) console.log(`[faults] logs and requests.json kept in ${resources.logDirectory}`)
  resources.release()
})

function criterion(name: string, check: (outcome: Outcome) => void): void {
  test(name, () => {
    try {
      assert.ok(outcome, 'the scenario did not complete')
      check(outcome)
    } catch (error) {
      failed = true
      throw error
    }
  })
}

criterion('no refresh-token family is lost', (outcome) => {
  assert.deepEqual(outcome.figures.familiesLost, [])
})

criterion('no answer is a 5xx other than 503 (no 500)', (outcome) => {
  assert.deepEqual(outcome.figures.otherServerErrors.map((sample) => `${sample.status} ${sample.kind}`), [])
})

criterion('every 503 arrives within 2 s', (outcome) => {
  assert.ok(outcome.figures.slowestServiceUnavailableMs <= ANSWER_LIMIT_MS, `slowest 503 took ${Math.round(outcome.figures.slowestServiceUnavailableMs)} ms`)
})

criterion('while PostgreSQL is down every request is answered within 2 s', (outcome) => {
  assert.ok(outcome.figures.slowestDuringOutageMs <= ANSWER_LIMIT_MS, `slowest request sent during the outage took ${Math.round(outcome.figures.slowestDuringOutageMs)} ms`)
})

criterion('no request goes unanswered until the 10 s client timeout', (outcome) => {
  assert.equal(outcome.figures.timeouts.length, 0)
})

criterion('each instance recovers within 2 s of PostgreSQL accepting connections', (outcome) => {
  for (const [instance, recovery] of Object.entries(outcome.figures.recoveryMs)) {
    assert.ok(recovery !== null && recovery <= RECOVERY_LIMIT_MS, `instance ${instance}: ${recovery === null ? 'no successful refresh after the outage' : `${Math.round(recovery)} ms`}`)
  }
})

criterion('afterwards no grant has two usable refresh tokens', (outcome) => {
  assert.deepEqual(outcome.figures.grantsWithTwoUsableTokens, [])
})
