// Refresh rotation with a grace period (RFC 9700 §4.14.2 reuse detection, softened for retries):
// a rotated token presented again by its client within REFRESH_GRACE_SECONDS, before any
// successor was used, yields a new successor that supersedes the unused one.
import { closeDatabase } from '../helpers/database'
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Client, User } from '@/db/schema'
import { config, reloadConfig } from '@/lib/config'
import { makeUserWithClient } from '../helpers/oauth'
import { grantOf, refreshAt, secondsAfter, usableRefreshTokens } from '../helpers/refresh'
import { bearerGet, userTokens } from '../helpers/tokens'
import { serve } from '../helpers/serve'

after(closeDatabase)
afterEach(() => {
  delete process.env.REFRESH_GRACE_SECONDS
  reloadConfig()
})

let user: User
let client: Client
let secret: string

before(async () => {
  ({ user, client, secret } = await makeUserWithClient())
})

const resource = (accessToken: string) => serve(bearerGet('/api/resources', accessToken))

async function firstRefreshToken(): Promise<string> {
  return (await userTokens(client, secret, user)).refresh_token!
}

describe('refresh rotation grace period', () => {
  it('refresh retried inside the grace period succeeds and the family lives', async () => {
    const start = new Date()
    const first = await firstRefreshToken()
    const lost = await refreshAt(client, first, start)
    assert.ok(lost.body, 'the first refresh succeeds (its answer is then lost)')
    const retry = await refreshAt(client, first, secondsAfter(start, config().REFRESH_GRACE_SECONDS - 1))
    assert.ok(retry.body, `the retry succeeds: ${retry.error?.detail}`)
    assert.notEqual(retry.body.refresh_token, lost.body.refresh_token, 'a new successor, not the lost one (only hashes are stored)')
    assert.equal((await resource(retry.body.access_token)).status, 200)
    const grant = await grantOf(first)
    assert.equal(grant.revokedAt, null, 'the family was not revoked')
    // The successor the client never saw is superseded: refused, and refusing it revokes nothing.
    assert.equal((await refreshAt(client, lost.body.refresh_token!, secondsAfter(start, 40))).error?.code, 'invalid_grant')
    const next = await refreshAt(client, retry.body.refresh_token!, secondsAfter(start, 60))
    assert.ok(next.body, `the retry's successor carries the family on: ${next.error?.detail}`)
  })

  it('reuse after the grace period revokes the family', async () => {
    const start = new Date()
    const first = await firstRefreshToken()
    const second = await refreshAt(client, first, start)
    assert.ok(second.body)
    const late = await refreshAt(client, first, secondsAfter(start, config().REFRESH_GRACE_SECONDS + 1))
    assert.equal(late.error?.code, 'invalid_grant')
    assert.ok((await grantOf(first)).revokedAt, 'the grant is revoked')
    assert.equal((await refreshAt(client, second.body.refresh_token!, secondsAfter(start, 60))).error?.code, 'invalid_grant')
    assert.equal((await resource(second.body.access_token)).status, 401, 'access tokens of the family die too')
  })

  it('reuse after the successor was used revokes the family', async () => {
    const start = new Date()
    const first = await firstRefreshToken()
    const second = await refreshAt(client, first, start)
    const third = await refreshAt(client, second.body!.refresh_token!, secondsAfter(start, 1))
    assert.ok(third.body)
    const replay = await refreshAt(client, first, secondsAfter(start, 2))
    assert.equal(replay.error?.code, 'invalid_grant', 'inside the grace period, but the successor was used')
    assert.ok((await grantOf(first)).revokedAt)
    assert.equal((await refreshAt(client, third.body.refresh_token!, secondsAfter(start, 3))).error?.code, 'invalid_grant')
  })

  it('after the grace period the family has exactly one usable refresh token', async () => {
    const start = new Date()
    const first = await firstRefreshToken()
    const issued: string[] = []
    for (const offset of [0, 5, 10, 20]) {
      const answer = await refreshAt(client, first, secondsAfter(start, offset))
      assert.ok(answer.body, `retry at +${offset} s: ${answer.error?.detail}`)
      issued.push(answer.body.refresh_token!)
    }
    const grant = await grantOf(first)
    const afterGrace = secondsAfter(start, config().REFRESH_GRACE_SECONDS + 1)
    assert.equal(await usableRefreshTokens(grant.id, afterGrace), 1)
    const outcomes = []
    for (const token of issued) outcomes.push(await refreshAt(client, token, afterGrace))
    assert.deepEqual(outcomes.map((outcome) => Boolean(outcome.body)), [false, false, false, true], 'only the latest successor works')
    assert.equal((await grantOf(first)).revokedAt, null, 'superseded tokens are refused without revoking the family')
  })

  it('REFRESH_GRACE_SECONDS=0 makes every re-presentation replay', async () => {
    process.env.REFRESH_GRACE_SECONDS = '0'
    reloadConfig()
    const start = new Date()
    const first = await firstRefreshToken()
    assert.ok((await refreshAt(client, first, start)).body)
    assert.equal((await refreshAt(client, first, secondsAfter(start, 1))).error?.code, 'invalid_grant')
    assert.ok((await grantOf(first)).revokedAt)
  })
})
