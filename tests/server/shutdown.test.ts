// Graceful stop: SIGTERM lets in-flight requests finish and writes the batched audit rows before
// the process exits, on the lean server (`npm start`) and on `next start` alike.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { startCluster, startServer, timed, type Mode } from './servers'

const cluster = await startCluster()
process.env.DATABASE_URL = cluster.url
const { closeDatabase, database } = await import('../helpers/database')
const { basic, makeUser } = await import('../helpers/oauth')
const { machineClient } = await import('../helpers/tokens')
const { auditEventsOfType } = await import('../helpers/audit')

before(() => database())
after(async () => {
  await closeDatabase().catch(() => {})
  await cluster.remove()
})

const ISSUED = 40

async function issueThenStop(mode: Mode): Promise<void> {
  const { client, secret } = await machineClient(await makeUser())
  const server = await startServer(mode, { DATABASE_URL: cluster.url })
  const request = () => timed(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.id, secret) },
    body: 'grant_type=client_credentials&scope=reports%3Aread',
  })
  for (let sent = 0; sent < ISSUED; sent += 8) {
    const answers = await Promise.all(Array.from({ length: 8 }, request))
    for (const answer of answers) assert.equal(answer.status, 200, answer.body)
  }
  // A few more still in flight when the signal arrives: they are finished, not cut off.
  const inFlight = Array.from({ length: 4 }, request)
  await sleep(15)
  server.process.kill('SIGTERM')
  const lastAnswers = await Promise.all(inFlight)
  const exitCode = await server.exited
  const served = ISSUED + lastAnswers.filter((answer) => answer.status === 200).length
  assert.ok(lastAnswers.every((answer) => answer.status === 200 || answer.status === 0), `in-flight answers: ${lastAnswers.map((a) => a.status)}`)
  assert.notEqual(exitCode, null, `${mode} server exited by itself`)
  const rows = await auditEventsOfType(await database(), 'token.issued', client.id)
  console.log(`${mode}: ${served} tokens issued, ${rows.length} token.issued rows after SIGTERM (exit ${exitCode})`)
  assert.equal(rows.length, served, `${mode}: every issued token has its audit row`)
}

describe('graceful shutdown', () => {
  it('no audit row lost on SIGTERM (lean server)', () => issueThenStop('lean'))
  it('no audit row lost on SIGTERM (next start)', () => issueThenStop('next'))
})
