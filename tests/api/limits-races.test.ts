// Races against the limits, as an attacker runs them: bursts of parallel attempts, on one
// instance and split over two (a second process with its own connections and caches, on the same
// PostgreSQL). On PGlite, which admits one process, the client burst runs on one instance.
import { database, closeDatabase, unique } from '../helpers/database'
import { PASSWORD, basic, makeClient, makeUser } from '../helpers/oauth'
import { clientAuthVerdicts } from '../helpers/limits-worker'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import { and, eq } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { readCounters } from '@/db/queries/rate-limits'
import { auditEvents } from '@/db/schema'
import { logIn, loginLimits } from '@/lib/auth/accounts'
import { messages } from '@/lib/messages'
import { config } from '@/lib/config'
import { HeaderMap } from '@/lib/contract'
import { CLIENT_AUTH_MAX_FAILURES_PER_CLIENT, authenticateClient } from '@/lib/oauth/client-auth'

let db: Database
before(async () => { db = await database() })
after(closeDatabase)

const twoInstances = Boolean(process.env.DATABASE_URL)

/** Runs one half of a burst in a second process, the other half here, both released at one instant. */
async function splitBurst(ip: string, attempts: { clientId: string; secret: string }[]): Promise<string[]> {
  const startAt = Date.now() + 4_000
  const half = twoInstances ? Math.ceil(attempts.length / 2) : attempts.length
  const other = twoInstances
    ? promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/helpers/limits-worker.ts', JSON.stringify({ startAt, ip, attempts: attempts.slice(half) })], { env: process.env, timeout: 60_000 })
      .then(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1)!) as string[])
    : Promise.resolve([])
  const here = clientAuthVerdicts({ startAt, ip, attempts: attempts.slice(0, half) })
  return [...await here, ...await other]
}

const tally = (verdicts: string[]) => verdicts.reduce<Record<string, number>>((counts, verdict) => ({ ...counts, [verdict]: (counts[verdict] ?? 0) + 1 }), {})

describe('login burst: counted before bcrypt', () => {
  it('a 40-way parallel wrong-password burst on one account gets at most the limit of bcrypt checks, and the right password sent in the burst is refused', async () => {
    const user = await makeUser()
    const ip = unique('burst-ip')
    const limit = config().LOGIN_MAX_FAILURES_PER_ACCOUNT
    const accountAtAddress = loginLimits(user.username, user, ip)[0].key
    const wrong = Array.from({ length: 40 }, (_, index) => logIn(db, { login: user.username, password: `wrong-guess-${index}` }, { ip }))
    // The right password goes out while the wrong ones are still being checked: once the
    // limit's worth of attempts are counted, it must be refused without a check.
    while ((await readCounters(db, [accountAtAddress], new Date(), config().RATE_LIMIT_WINDOW))[0] < limit) await sleep(5)
    const right = await logIn(db, { login: user.username, password: PASSWORD }, { ip })
    const results = await Promise.all(wrong)
    assert.deepEqual(right, { ok: false, errors: { form: messages.loginThrottled } })
    const answers = tally(results.map((result) => (result.ok ? 'ok' : result.errors.form!)))
    assert.deepEqual(answers, { [messages.loginFailed]: limit, [messages.loginThrottled]: 40 - limit })
    // Every bcrypt comparison of a wrong password leaves one 'wrong_password' audit row.
    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.event, 'user.login_failed'), eq(auditEvents.subjectUserId, user.id)))
    const reasons = tally(rows.map((row) => (row.details as { reason: string }).reason))
    assert.deepEqual(reasons, { wrong_password: limit, throttled: 40 - limit + 1 })
    assert.equal((await readCounters(db, [accountAtAddress], new Date(), config().RATE_LIMIT_WINDOW))[0], limit, 'refused attempts were taken back')
  })
})

describe(`client authentication burst split across ${twoInstances ? 'two instances' : 'one instance (PGlite)'}`, () => {
  it('20 parallel wrong secrets: exactly the limit are checked as failures, the rest refused, and the right secret afterwards is refused on both instances', async () => {
    const { client } = await makeClient(await makeUser(), { type: 'confidential', grantTypes: ['client_credentials'] })
    const ip = unique('cc-ip')
    const verdicts = await splitBurst(ip, Array.from({ length: 20 }, (_, index) => ({ clientId: client.id, secret: `wrong-${index}` })))
    assert.deepEqual(tally(verdicts), { failed: CLIENT_AUTH_MAX_FAILURES_PER_CLIENT, throttled: 20 - CLIENT_AUTH_MAX_FAILURES_PER_CLIENT })
  })

  it('right secrets sent in a 20-way burst once the limit is reached are all refused, on both instances', async () => {
    const { client, secret } = await makeClient(await makeUser(), { type: 'confidential', grantTypes: ['client_credentials'] })
    assert.ok(secret)
    const ip = unique('cc-ip')
    const first = await splitBurst(ip, Array.from({ length: CLIENT_AUTH_MAX_FAILURES_PER_CLIENT }, (_, index) => ({ clientId: client.id, secret: `wrong-${index}` })))
    assert.deepEqual(tally(first), { failed: CLIENT_AUTH_MAX_FAILURES_PER_CLIENT })
    const attempts = Array.from({ length: 20 }, (_, index) => ({ clientId: client.id, secret: index % 2 ? secret : `wrong-again-${index}` }))
    // Interleaved so that each instance gets right and wrong secrets.
    const second = await splitBurst(ip, attempts)
    assert.deepEqual(tally(second), { throttled: 20 })
  })

  it('a burst of right and wrong secrets: no more wrong ones are checked than the limit, and a right one is accepted only before it', async () => {
    const { client, secret } = await makeClient(await makeUser(), { type: 'confidential', grantTypes: ['client_credentials'] })
    assert.ok(secret)
    const ip = unique('cc-ip')
    const attempts = Array.from({ length: 20 }, (_, index) => ({ clientId: client.id, secret: index % 4 === 0 ? secret : `wrong-${index}` }))
    const verdicts = await splitBurst(ip, attempts)
    const failures = verdicts.filter((verdict, index) => verdict === 'failed' && attempts[index].secret !== secret).length
    assert.equal(failures, CLIENT_AUTH_MAX_FAILURES_PER_CLIENT, 'exactly the limit of wrong secrets answered as checked failures')
    assert.ok(verdicts.every((verdict, index) => attempts[index].secret === secret ? verdict !== 'failed' : verdict !== 'accepted'))
    // And after the burst, the limit stands for the right secret on this instance.
    const request = { method: 'POST', url: '/oauth/token', headers: new HeaderMap([['Authorization', basic(client.id, secret)]]), body: new Uint8Array(), clientAddress: '127.0.0.1' }
    await assert.rejects(authenticateClient(db, request, {}, { ip }), (error: { detail?: string }) => error.detail === 'throttled')
  })
})
