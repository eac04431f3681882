// Changing second factors needs more than a session: a stolen session cookie cannot remove a
// passkey or the app, nor replace the recovery codes (voiding the owner's printed ones), and
// guessing the password through those forms is counted like sign-in guesses. An account without
// a password needs a recent sign-in with a second factor instead. Expired half-finished sign-ins
// are deleted by the cleanup (runs in 2001, like the cleanup test, so it touches no other rows).
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { inArray } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { insertPasskey, listPasskeys } from '@/db/queries/second-factors'
import { pendingSignIns, type User } from '@/db/schema'
import { runCleanup } from '@/lib/cleanup'
import { config } from '@/lib/config'
import { FRESH_SECOND_FACTOR_MS } from '@/lib/factors/confirmation'
import { factorSummary, hasSecondFactor, issueRecoveryCodes, regenerateRecoveryCodes } from '@/lib/factors/enrolment'
import { removePasskey } from '@/lib/factors/passkeys'
import { NO_PASSWORD_HASH } from '@/lib/upstream/accounts'
import { PASSWORD, makeUser } from '../helpers/oauth'

let db: Database
before(async () => { db = await database() })
after(closeDatabase)

/** A passkey stored as registration would store it. */
async function addPasskey(user: User, name = 'Laptop'): Promise<string> {
  const passkey = await insertPasskey(db, {
    userId: user.id, credentialId: unique('credential-'), publicKey: 'cHVibGlj', counter: 0, transports: ['internal'], name, deviceType: 'singleDevice', backedUp: false, createdAt: new Date(),
  })
  return passkey.id
}

/** A user with one passkey and recovery codes. */
async function withPasskey(overrides: Parameters<typeof makeUser>[0] = {}): Promise<{ user: User; passkeyId: string; recoveryCodes: string[] }> {
  const user = await makeUser(overrides)
  const passkeyId = await addPasskey(user)
  return { user, passkeyId, recoveryCodes: await issueRecoveryCodes(db, user.id, {}, new Date()) }
}

const passwordSession = (at = new Date()) => ({ authTime: at, amr: ['pwd'] })

describe('changing second factors', () => {
  it('attack: a stolen session cookie cannot remove a passkey without the password', async () => {
    const { user, passkeyId } = await withPasskey()
    const refused = await removePasskey(db, user, passwordSession(), passkeyId, 'not the password', { ip: unique('ip') })
    assert.equal(refused.ok, false)
    assert.equal((await listPasskeys(db, user.id)).length, 1)
    const empty = await removePasskey(db, user, passwordSession(), passkeyId, '', { ip: unique('ip') })
    assert.equal(empty.ok, false)
    assert.ok((await removePasskey(db, user, passwordSession(), passkeyId, PASSWORD, { ip: unique('ip') })).ok)
    assert.equal(await hasSecondFactor(db, user.id), false)
    assert.equal((await factorSummary(db, user.id)).recoveryCodes.total, 0, 'recovery codes go with the last factor')
  })

  it('attack: a stolen session cookie cannot replace the recovery codes (voiding the owner\'s) without the password', async () => {
    const { user } = await withPasskey()
    const refused = await regenerateRecoveryCodes(db, user, passwordSession(), 'not the password', { ip: unique('ip') })
    assert.equal(refused.ok, false)
    assert.equal((await factorSummary(db, user.id)).recoveryCodes.unused, 10)
    assert.ok((await regenerateRecoveryCodes(db, user, passwordSession(), PASSWORD, { ip: unique('ip') })).ok)
  })

  it('attack: guessing the password through the removal form is counted before the check; past the limit even the right one is refused', async () => {
    const { user, passkeyId } = await withPasskey()
    const limit = config().LOGIN_MAX_FAILURES_PER_ACCOUNT
    const ip = unique('ip')
    const guesses = await Promise.all(Array.from({ length: limit + 3 }, (_, index) => removePasskey(db, user, passwordSession(), passkeyId, `guess ${index}`, { ip })))
    assert.ok(guesses.every((result) => !result.ok))
    assert.ok(guesses.some((result) => !result.ok && result.errors.password?.startsWith('Too many')), 'the burst is throttled')
    const late = await removePasskey(db, user, passwordSession(), passkeyId, PASSWORD, { ip: unique('other-ip') })
    assert.equal(late.ok, false, 'the right password after the burst is refused, from any address')
    assert.equal((await listPasskeys(db, user.id)).length, 1)
  })

  it('attack: an account without a password needs a recent sign-in with a second factor, not just a session', async () => {
    const { user, passkeyId } = await withPasskey({ passwordHash: NO_PASSWORD_HASH })
    const other = await addPasskey(user, 'Phone')
    const now = new Date()
    const stale = { authTime: new Date(now.getTime() - FRESH_SECOND_FACTOR_MS - 1000), amr: ['hwk', 'mfa'] }
    assert.equal((await removePasskey(db, user, stale, passkeyId, '', { ip: unique('ip') })).ok, false, 'an old sign-in')
    assert.equal((await removePasskey(db, user, { authTime: now, amr: ['fed'] }, passkeyId, '', { ip: unique('ip') })).ok, false, 'a recent sign-in without a second factor')
    assert.equal((await removePasskey(db, user, { authTime: now, amr: ['fed'] }, passkeyId, NO_PASSWORD_HASH, { ip: unique('ip') })).ok, false, 'the marker is no password')
    assert.ok((await removePasskey(db, user, { authTime: now, amr: ['hwk', 'mfa'] }, passkeyId, '', { ip: unique('ip') })).ok)
    const last = await removePasskey(db, user, { authTime: now, amr: ['hwk', 'mfa'] }, other, '', { ip: unique('ip') })
    assert.equal(last.ok, false, 'the last way into an account without a password or link stays')
    assert.equal((await listPasskeys(db, user.id)).length, 1)
  })
})

describe('cleanup of half-finished sign-ins', () => {
  it('deletes expired pending sign-ins and keeps live ones', async () => {
    const user = await makeUser()
    const [expired, live] = [unique('pending-old-'), unique('pending-new-')]
    await db.insert(pendingSignIns).values([
      { tokenHash: expired, purpose: 'second_factor', userId: user.id, amr: ['pwd'], expiresAt: new Date('2001-05-01T00:00:00Z') },
      { tokenHash: live, purpose: 'passkey_sign_in', userId: null, challenge: 'c', expiresAt: new Date('2001-07-01T00:00:00Z') },
    ])
    const report = await runCleanup(db, { now: new Date('2001-06-01T00:00:00Z') })
    assert.ok(report.pending_sign_ins >= 1)
    const left = await db.select({ tokenHash: pendingSignIns.tokenHash }).from(pendingSignIns).where(inArray(pendingSignIns.tokenHash, [expired, live]))
    assert.deepEqual(left.map((row) => row.tokenHash), [live])
  })
})
