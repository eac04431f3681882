// No work outlives its request: past REQUEST_DEADLINE_MS (or once the client has gone) the client
// gets 503 temporarily_unavailable with Retry-After, and the request's transaction rolls back.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { eq, sql } from 'drizzle-orm'
import { closeDatabase, database, unique } from '../helpers/database'
import { makeClient, makeUser } from '../helpers/oauth'
import { formPost, userTokens } from '../helpers/tokens'
import { basic } from '../helpers/oauth'
import { auditEvents, grants, refreshTokens } from '@/db/schema'
import { insertAuditEvent } from '@/db/queries/audit'
import { auditRow } from '@/lib/audit'
import { reloadConfig } from '@/lib/config'
import { protocolEndpoint } from '@/lib/http'
import { dispatch } from '@/lib/endpoints'
import { stringResponse, toWebResponse } from '@/lib/response'
import { protocolRequest } from '../helpers/serve'

const DEADLINE_MS = 400
function setDeadline(ms: number) {
  process.env.REQUEST_DEADLINE_MS = String(ms)
  reloadConfig()
}
setDeadline(DEADLINE_MS)
before(() => database()) // opened and migrated before any deadline starts
after(closeDatabase)

/** An endpoint whose transaction writes an audit row marked `marker`, then works for `workMs`. */
function slowWriter(marker: string, workMs: number) {
  return protocolEndpoint(async () => {
    const db = await database()
    await db.transaction(async (tx) => {
      await insertAuditEvent(tx, auditRow({ event: 'token.issued', details: { marker } }, {}))
      await sleep(workMs)
    })
    return stringResponse('done', {})
  })
}

/** A request as the adapters hand it over, built before any timing starts. */
const slowRequest = (init: RequestInit = {}) => protocolRequest(new Request('http://localhost/slow', { method: 'POST', ...init }))

async function rowsMarked(marker: string): Promise<number> {
  const db = await database()
  const rows = await db.select({ id: auditEvents.id }).from(auditEvents).where(sql`${auditEvents.details}->>'marker' = ${marker}`)
  return rows.length
}

function assertUnavailable(response: Response, body: { error?: string }) {
  assert.equal(response.status, 503)
  assert.equal(body.error, 'temporarily_unavailable')
  assert.ok(Number(response.headers.get('retry-after')) >= 1, 'Retry-After is set')
}

describe('request deadline', () => {
  it('a request past its deadline commits nothing', async () => {
    const marker = unique('late')
    const request = await slowRequest()
    const started = performance.now()
    const response = toWebResponse(await slowWriter(marker, DEADLINE_MS + 300)(request))
    const elapsed = performance.now() - started
    assertUnavailable(response, await response.json())
    assert.ok(elapsed < DEADLINE_MS + 200, `answered at the deadline, not when the work ended (${Math.round(elapsed)} ms)`)
    await sleep(600) // the abandoned work finishes meanwhile: it must roll back, not commit late
    assert.equal(await rowsMarked(marker), 0)
  })

  it('a request the client abandoned never commits later', async () => {
    const marker = unique('gone')
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const response = await slowWriter(marker, 200)(await slowRequest({ signal: controller.signal }))
    assert.equal(response.status, 503)
    await sleep(400)
    assert.equal(await rowsMarked(marker), 0)
  })

  it('work inside its deadline still commits', async () => {
    const marker = unique('fast')
    const response = await slowWriter(marker, 10)(await slowRequest())
    assert.equal(response.status, 200)
    assert.equal(await rowsMarked(marker), 1)
  })
})

// A second connection can hold a lock only on a real PostgreSQL (the embedded one has one).
if (process.env.DATABASE_URL) {
  describe('request deadline on PostgreSQL', () => {
    let lockHolder: import('postgres').Sql
    before(async () => {
      const { default: postgres } = await import('postgres')
      lockHolder = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} })
    })
    after(() => lockHolder.end({ timeout: 5 }))

    it('a request past its deadline commits nothing (revocation blocked on a locked grant)', async () => {
      setDeadline(5000) // the setup must not race the short deadline on a loaded machine
      const user = await makeUser()
      const { client, secret } = await makeClient(user).then((made) => ({ client: made.client, secret: made.secret! }))
      const tokens = await userTokens(client, secret, user)
      setDeadline(DEADLINE_MS)
      const db = await database()
      const [{ grantId }] = await db.select({ grantId: refreshTokens.grantId }).from(refreshTokens).where(eq(refreshTokens.clientId, client.id))
      const revoke = async (request: Request) => {
        const contractRequest = await protocolRequest(request)
        const started = performance.now()
        return { response: toWebResponse(await dispatch(contractRequest)), elapsed: performance.now() - started }
      }

      let release!: () => void
      const released = new Promise<void>((resolve) => { release = resolve })
      let locked!: () => void
      const lockTaken = new Promise<void>((resolve) => { locked = resolve })
      const holding = lockHolder.begin(async (tx) => {
        await tx`select id from grants where id = ${grantId} for update`
        locked()
        await released
      })
      await lockTaken
      const { response, elapsed } = await revoke(formPost('/oauth/revoke', { token: tokens.refresh_token! }, { authorization: basic(client.id, secret) }))
      release()
      await holding
      assertUnavailable(response, await response.json())
      assert.ok(elapsed < DEADLINE_MS + 300, `503 at the deadline (${Math.round(elapsed)} ms)`)
      await sleep(300)
      const [grant] = await db.select({ revokedAt: grants.revokedAt }).from(grants).where(eq(grants.id, grantId))
      assert.equal(grant.revokedAt, null, 'the revocation rolled back')
      const revokedRows = await db.select({ id: auditEvents.id }).from(auditEvents)
        .where(sql`${auditEvents.event} = 'token.revoked' and ${auditEvents.clientId} = ${client.id}`)
      assert.equal(revokedRows.length, 0, 'no audit row of the rolled-back revocation')
      // The statement was cancelled in PostgreSQL, not left waiting: the grant can be revoked now.
      setDeadline(5000)
      const { response: retry } = await revoke(formPost('/oauth/revoke', { token: tokens.refresh_token! }, { authorization: basic(client.id, secret) }))
      assert.equal(retry.status, 200)
    })
  })
}
