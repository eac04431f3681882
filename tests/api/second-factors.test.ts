// Second factors as an attacker meets them: a stolen password is not enough once an authenticator
// app is set up; a seen code cannot be replayed; a recovery code works once; guessing is throttled
// before codes are checked; the half-finished sign-in is bound to the browser that began it.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generate } from 'otplib'
import type { Database } from '@/db/client'
import { findTotpFactor } from '@/db/queries/second-factors'
import type { User } from '@/db/schema'
import { config } from '@/lib/config'
import { confirmTotpSetup, factorSummary, hasSecondFactor, regenerateRecoveryCodes, removeTotp, resetSecondFactors, totpSetup } from '@/lib/factors/enrolment'
import { beginPendingSignIn, combinedAmr, completeSecondStep } from '@/lib/factors/second-step'
import { TOTP_PERIOD_SECONDS, unsealTotpSecret } from '@/lib/factors/totp'
import { PASSWORD, authorize, basic, makeClient, makeUser, pkcePair, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

let db: Database
before(async () => { db = await database() })
after(closeDatabase)

const codeAt = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) })
const stepsLater = (at: Date, steps: number) => new Date(at.getTime() + steps * TOTP_PERIOD_SECONDS * 1000)

/** A user with a confirmed authenticator app; returns its secret and the recovery codes shown once. */
async function enrolled(now = new Date()): Promise<{ user: User; secret: string; recoveryCodes: string[]; now: Date }> {
  const user = await makeUser()
  const setup = (await totpSetup(db, user, now))!
  const result = await confirmTotpSetup(db, user, await codeAt(setup.secret, now), { ip: unique('ip') }, now)
  assert.ok(result.ok, JSON.stringify(result))
  return { user, secret: setup.secret, recoveryCodes: result.recoveryCodes!, now }
}

const pendingFor = (user: User, now: Date) => beginPendingSignIn(db, { purpose: 'second_factor', userId: user.id, amr: ['pwd'], returnTo: '/oauth/authorize/continue?request=abc' }, now)

describe('authenticator app enrolment', () => {
  it('stores the secret sealed under AUTH_SECRET and confirms it only with a code from that secret', async () => {
    const user = await makeUser()
    const now = new Date()
    const setup = (await totpSetup(db, user, now))!
    assert.match(setup.uri, /^otpauth:\/\/totp\/Gatehouse:/)
    const stored = (await findTotpFactor(db, user.id))!
    assert.ok(!stored.secretSealed.includes(setup.secret), 'the secret is not stored in clear')
    assert.equal(unsealTotpSecret(stored.secretSealed), setup.secret)
    assert.equal(await hasSecondFactor(db, user.id), false, 'an unconfirmed app is no factor yet')
    const wrong = await confirmTotpSetup(db, user, '000000', { ip: unique('ip') }, now)
    assert.equal(wrong.ok, false)
    const right = await confirmTotpSetup(db, user, await codeAt(setup.secret, now), { ip: unique('ip') }, now)
    assert.ok(right.ok)
    assert.equal(right.recoveryCodes?.length, 10, 'ten recovery codes are shown at the first setup')
    assert.equal(new Set(right.recoveryCodes).size, 10)
    assert.equal(await hasSecondFactor(db, user.id), true)
    assert.equal(await totpSetup(db, user, now), null, 'a confirmed app is never replaced by a new setup')
  })

  it('attack: a stolen session cannot remove the authenticator app without the password', async () => {
    const { user } = await enrolled()
    const refused = await removeTotp(db, user, 'not the password', {})
    assert.equal(refused.ok, false)
    assert.equal(await hasSecondFactor(db, user.id), true)
    assert.ok((await removeTotp(db, user, PASSWORD, {})).ok)
    assert.equal(await hasSecondFactor(db, user.id), false)
    assert.equal((await factorSummary(db, user.id)).recoveryCodes.total, 0, 'recovery codes go with the last factor')
  })
})

describe('second step after the password', () => {
  it('a code from the app completes the sign-in with amr pwd otp mfa and keeps where the user was going', async () => {
    const { user, secret, now } = await enrolled()
    const later = stepsLater(now, 2)
    const token = await pendingFor(user, later)
    const result = await completeSecondStep(db, token, await codeAt(secret, later), { ip: unique('ip') }, later)
    assert.ok(result.ok, JSON.stringify(result))
    assert.deepEqual(result.amr, ['pwd', 'otp', 'mfa'])
    assert.equal(result.returnTo, '/oauth/authorize/continue?request=abc')
    assert.ok((await factorSummary(db, user.id)).totp?.lastUsedAt, 'last use is shown on the account page')
  })

  it('accepts a code one step old or one step ahead (clock drift), not two', async () => {
    const { user, secret, now } = await enrolled()
    const at = stepsLater(now, 10)
    for (const [offset, accepted] of [[-2, false], [2, false], [-1, true], [1, true]] as const) {
      const token = await pendingFor(user, at)
      const result = await completeSecondStep(db, token, await codeAt(secret, stepsLater(at, offset)), { ip: unique('ip') }, at)
      assert.equal(result.ok, accepted, `offset ${offset}`)
    }
  })

  it('attack: a replayed code (seen over a shoulder, phished and relayed late) is refused', async () => {
    const { user, secret, now } = await enrolled()
    const at = stepsLater(now, 3)
    const code = await codeAt(secret, at)
    assert.ok((await completeSecondStep(db, await pendingFor(user, at), code, { ip: unique('ip') }, at)).ok)
    const replay = await completeSecondStep(db, await pendingFor(user, at), code, { ip: unique('ip') }, at)
    assert.equal(replay.ok, false)
    // An older code of the window is refused too: steps only move forward.
    const older = await completeSecondStep(db, await pendingFor(user, at), await codeAt(secret, stepsLater(at, -1)), { ip: unique('ip') }, at)
    assert.equal(older.ok, false)
  })

  it('attack: the code used at setup cannot be replayed at sign-in', async () => {
    const user = await makeUser()
    const now = new Date()
    const setup = (await totpSetup(db, user, now))!
    const code = await codeAt(setup.secret, now)
    assert.ok((await confirmTotpSetup(db, user, code, {}, now)).ok)
    assert.equal((await completeSecondStep(db, await pendingFor(user, now), code, { ip: unique('ip') }, now)).ok, false)
  })

  it('attack: a recovery code works once', async () => {
    const { user, recoveryCodes, now } = await enrolled()
    const first = await completeSecondStep(db, await pendingFor(user, now), recoveryCodes[0].toUpperCase(), { ip: unique('ip') }, now)
    assert.ok(first.ok, JSON.stringify(first))
    assert.deepEqual(first.amr, ['pwd', 'otp', 'mfa'])
    const again = await completeSecondStep(db, await pendingFor(user, now), recoveryCodes[0], { ip: unique('ip') }, now)
    assert.equal(again.ok, false)
    assert.equal((await factorSummary(db, user.id)).recoveryCodes.unused, 9)
  })

  it('attack: regenerated recovery codes void the old ones', async () => {
    const { user, recoveryCodes, now } = await enrolled()
    const fresh = await regenerateRecoveryCodes(db, user, {}, now)
    assert.ok(fresh.ok)
    assert.equal((await completeSecondStep(db, await pendingFor(user, now), recoveryCodes[1], { ip: unique('ip') }, now)).ok, false)
    assert.ok((await completeSecondStep(db, await pendingFor(user, now), fresh.recoveryCodes[1], { ip: unique('ip') }, now)).ok)
  })

  it('attack: without the browser\'s pending token (another browser, a guessed token, an expired one) the code alone signs nobody in', async () => {
    const { user, secret, now } = await enrolled()
    const at = stepsLater(now, 4)
    const code = await codeAt(secret, at)
    assert.equal((await completeSecondStep(db, undefined, code, {}, at)).ok, false)
    assert.equal((await completeSecondStep(db, 'x'.repeat(43), code, {}, at)).ok, false)
    const token = await pendingFor(user, now)
    assert.equal((await completeSecondStep(db, token, code, {}, new Date(at.getTime() + 10 * 60 * 1000))).ok, false, 'expired after five minutes')
  })

  it('attack: a pending sign-in is single use; the same browser cannot turn one password into two sessions', async () => {
    const { user, secret, now } = await enrolled()
    const at = stepsLater(now, 5)
    const token = await pendingFor(user, at)
    assert.ok((await completeSecondStep(db, token, await codeAt(secret, at), {}, at)).ok)
    const next = stepsLater(at, 1)
    assert.equal((await completeSecondStep(db, token, await codeAt(secret, next), {}, next)).ok, false)
  })

  it('attack: a burst of wrong codes is counted before checking; past the limit even the right code is refused', async () => {
    const { user, secret, now } = await enrolled()
    const at = stepsLater(now, 6)
    const limit = config().LOGIN_MAX_FAILURES_PER_ACCOUNT
    const ip = unique('ip')
    const guesses = Array.from({ length: 30 }, (_, index) => String(100000 + index * 7919).slice(0, 6))
    const right = await codeAt(secret, at)
    const wrong = guesses.filter((guess) => guess !== right)
    const results = await Promise.all(wrong.map(async (guess) => completeSecondStep(db, await pendingFor(user, at), guess, { ip }, at)))
    const throttled = results.filter((result) => !result.ok && result.errors.code?.startsWith('Too many')).length
    assert.ok(results.every((result) => !result.ok))
    assert.equal(wrong.length - throttled, limit, 'exactly the limit of codes were checked')
    const late = await completeSecondStep(db, await pendingFor(user, at), right, { ip: unique('other-ip') }, at)
    assert.equal(late.ok, false, 'the right code after the burst is refused, from any address')
  })
})

describe('admin reset and amr', () => {
  it('an admin reset removes every factor so the user can sign in with the password alone', async () => {
    const { user } = await enrolled()
    const admin = await makeUser({ isAdmin: true })
    assert.equal(await resetSecondFactors(db, admin, user.id, {}), true)
    assert.equal(await hasSecondFactor(db, user.id), false)
    assert.equal(await resetSecondFactors(db, admin, user.id, {}), false, 'nothing left to reset')
  })

  it('the session\'s amr reaches the ID token through consent and the code exchange (RFC 8176)', async () => {
    const user = await makeUser()
    const { client, secret } = await makeClient(user)
    const { verifier, challenge } = pkcePair()
    const redirectUri = client.redirectUris[0]
    const location = await authorize({ client_id: client.id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', state: 's', nonce: 'n', code_challenge: challenge, code_challenge_method: 'S256' },
      { user, authTime: new Date(), amr: ['pwd', 'otp', 'mfa'] })
    const code = location.searchParams.get('code')!
    const response = await serve(tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, { authorization: basic(client.id, secret!) }))
    const body = await response.json()
    const claims = JSON.parse(Buffer.from(body.id_token.split('.')[1], 'base64url').toString())
    assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa'])
    assert.equal(typeof claims.auth_time, 'number')
  })

  it('combines method values once, with mfa when two kinds were used', () => {
    assert.deepEqual(combinedAmr(['pwd']), ['pwd'])
    assert.deepEqual(combinedAmr(['pwd'], ['otp']), ['pwd', 'otp', 'mfa'])
    assert.deepEqual(combinedAmr(['hwk', 'mfa'], ['hwk']), ['hwk', 'mfa'])
  })
})
