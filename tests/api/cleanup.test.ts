// The periodic cleanup: expired rows go, live rows stay, each batch is bounded, and a
// grant stays while anything refers to it. Runs in 2001 so it never touches other tests' rows.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { inArray } from 'drizzle-orm'
import type { Database } from '@/db/client'
import {
  accessTokens, auditEvents, authorizationCodes, authorizationRequests, grants, rateLimits, refreshTokens, sessions, type Client, type User,
} from '@/db/schema'
import { runCleanup } from '@/lib/cleanup'
import { makeClient, makeUser } from '../helpers/oauth'

after(closeDatabase)

const now = new Date('2001-06-01T00:00:00Z')
const past = new Date('2001-05-01T00:00:00Z')
const future = new Date('2001-07-01T00:00:00Z')
let db: Database
let user: User
let client: Client

before(async () => {
  db = await database()
  user = await makeUser()
  client = (await makeClient(user)).client
})

async function grant(revokedAt: Date | null = null): Promise<string> {
  const [row] = await db.insert(grants).values({ clientId: client.id, userId: user.id, scope: 'openid', revokedAt, createdAt: past }).returning()
  return row.id
}

async function session(expiresAt: Date): Promise<string> {
  const [row] = await db.insert(sessions).values({ tokenHash: unique('session-hash-'), userId: user.id, expiresAt }).returning()
  return row.id
}

async function remainingSessions(ids: string[]): Promise<number> {
  return (await db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, ids))).length
}

describe('cleanup', () => {
  it('deletes expired codes, sessions, tokens, requests, counters and old audit rows, and keeps live ones', async () => {
    const liveGrant = await grant()
    const codeHash = (name: string) => unique(`code-${name}-`)
    const [expiredCode, liveCode] = [codeHash('old'), codeHash('new')]
    for (const [hash, expiresAt] of [[expiredCode, past], [liveCode, future]] as const) {
      await db.insert(authorizationCodes).values({ codeHash: hash, clientId: client.id, userId: user.id, grantId: liveGrant, redirectUri: 'https://rp.example.test/cb', scope: 'openid', authTime: past, expiresAt })
    }
    const [expiredSession, liveSession] = [await session(past), await session(future)]
    const refresh = async (values: Partial<typeof refreshTokens.$inferInsert>) => {
      const [row] = await db.insert(refreshTokens).values({ tokenHash: unique('refresh-'), grantId: liveGrant, clientId: client.id, userId: user.id, scope: 'openid', expiresAt: future, ...values }).returning()
      return row.id
    }
    const expiredRefresh = await refresh({ expiresAt: past })
    const revokedRefresh = await refresh({ revokedAt: past })
    // A rotated token that has not expired must stay: presenting it again is how replay is detected.
    const rotatedRefresh = await refresh({ rotatedAt: past })
    const liveRefresh = await refresh({})
    const [expiredJti, liveJti] = [unique('jti-old-'), unique('jti-new-')]
    await db.insert(accessTokens).values([
      { jti: expiredJti, grantId: liveGrant, clientId: client.id, userId: user.id, expiresAt: past, revokedAt: past },
      { jti: liveJti, grantId: liveGrant, clientId: client.id, userId: user.id, expiresAt: future, revokedAt: past },
    ])
    const [expiredRequest, liveRequest] = [unique('request-old-'), unique('request-new-')]
    await db.insert(authorizationRequests).values([
      { id: expiredRequest, clientId: client.id, params: {}, expiresAt: past },
      { id: liveRequest, clientId: client.id, params: {}, expiresAt: future },
    ])
    const [staleCounter, liveCounter] = [unique('login:old:'), unique('login:new:')]
    await db.insert(rateLimits).values([
      { key: staleCounter, count: 3, windowStartedAt: past },
      { key: liveCounter, count: 3, windowStartedAt: new Date(now.getTime() - 60_000) },
    ])
    const [oldAudit] = await db.insert(auditEvents).values({ event: 'user.login_failed', at: new Date('2001-01-01T00:00:00Z') }).returning()
    const [recentAudit] = await db.insert(auditEvents).values({ event: 'user.login_failed', at: past }).returning()

    await runCleanup(db, { now })

    const codes = await db.select({ hash: authorizationCodes.codeHash }).from(authorizationCodes).where(inArray(authorizationCodes.codeHash, [expiredCode, liveCode]))
    assert.deepEqual(codes.map((row) => row.hash), [liveCode])
    assert.equal(await remainingSessions([expiredSession]), 0)
    assert.equal(await remainingSessions([liveSession]), 1)
    const refreshLeft = (await db.select({ id: refreshTokens.id }).from(refreshTokens).where(inArray(refreshTokens.id, [expiredRefresh, revokedRefresh, rotatedRefresh, liveRefresh]))).map((row) => row.id).sort()
    assert.deepEqual(refreshLeft, [rotatedRefresh, liveRefresh].sort())
    const accessLeft = await db.select({ jti: accessTokens.jti }).from(accessTokens).where(inArray(accessTokens.jti, [expiredJti, liveJti]))
    assert.deepEqual(accessLeft.map((row) => row.jti), [liveJti], 'a revoked access token stays on the list until it expires')
    const requestsLeft = await db.select({ id: authorizationRequests.id }).from(authorizationRequests).where(inArray(authorizationRequests.id, [expiredRequest, liveRequest]))
    assert.deepEqual(requestsLeft.map((row) => row.id), [liveRequest])
    const countersLeft = await db.select({ key: rateLimits.key }).from(rateLimits).where(inArray(rateLimits.key, [staleCounter, liveCounter]))
    assert.deepEqual(countersLeft.map((row) => row.key), [liveCounter])
    const auditLeft = await db.select({ id: auditEvents.id }).from(auditEvents).where(inArray(auditEvents.id, [oldAudit.id, recentAudit.id]))
    assert.deepEqual(auditLeft.map((row) => row.id), [recentAudit.id], 'audit rows older than AUDIT_RETENTION_DAYS (90) go')
  })

  it('keeps a revoked grant while a token still refers to it, and deletes it once nothing does', async () => {
    const referenced = await grant(past)
    const unreferenced = await grant(past)
    const live = await grant()
    await db.insert(refreshTokens).values({ tokenHash: unique('refresh-'), grantId: referenced, clientId: client.id, userId: user.id, scope: 'openid', expiresAt: future, rotatedAt: past })
    await runCleanup(db, { now })
    const left = (await db.select({ id: grants.id }).from(grants).where(inArray(grants.id, [referenced, unreferenced, live]))).map((row) => row.id).sort()
    assert.deepEqual(left, [referenced, live].sort())
  })

  it('deletes in bounded batches: a run stops after maxBatches × batchSize rows and the next run carries on', async () => {
    const ids: string[] = []
    for (let index = 0; index < 25; index++) ids.push(await session(past))
    const first = await runCleanup(db, { now, batchSize: 10, maxBatches: 2 })
    assert.equal(first.sessions, 20)
    assert.equal(await remainingSessions(ids), 5)
    const second = await runCleanup(db, { now, batchSize: 10, maxBatches: 2 })
    assert.equal(second.sessions, 5)
    assert.equal(await remainingSessions(ids), 0)
  })

  it('is idempotent: two instances running at once delete each row exactly once', async () => {
    const ids: string[] = []
    for (let index = 0; index < 6; index++) ids.push(await session(past))
    const [first, second] = await Promise.all([runCleanup(db, { now, batchSize: 2 }), runCleanup(db, { now, batchSize: 2 })])
    // A run that loses a race sees a short batch and stops; the next interval picks up the rest.
    const third = await runCleanup(db, { now, batchSize: 2 })
    assert.equal(first.sessions + second.sessions + third.sessions, 6)
    assert.equal(await remainingSessions(ids), 0)
  })
})
