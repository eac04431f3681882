// Password reset and email verification over a real SMTP server on loopback, on the real
// database: the mail arrives, its link works once and only within its lifetime, the answer says
// nothing about whether an address exists, mail bursts are limited, a reset ends every session
// and refresh token, and email_verified holds only once an address was proved.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { and, eq } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { findUserById } from '@/db/queries/users'
import { auditEvents, emailTokens, type User } from '@/db/schema'
import { changeEmail, logIn, signUp } from '@/lib/auth/accounts'
import { recoveryMessages, requestPasswordReset, resetLinkUsable, resetPassword } from '@/lib/auth/recovery'
import { createSession, validateSessionToken } from '@/lib/auth/sessions'
import { confirmEmail, resendVerification, startEmailVerification, verificationLinkAddress, verificationMessages } from '@/lib/auth/verification'
import { sha256 } from '@/lib/crypto'
import { mailSettled } from '@/lib/mail/transport'
import { userClaims } from '@/lib/oauth/claims'
import { startGatehouseMailbox } from '../helpers/gatehouse-mailbox'
import { linkToken, type Mailbox } from '../helpers/mailbox'
import { makeClient } from '../helpers/oauth'
import { refresh, userTokens } from '../helpers/tokens'

const MAIL_MAX_PER_ACCOUNT = 3
const password = 'correct horse battery'
const RESET_SUBJECT = /Reset your Gatehouse password/
const VERIFY_SUBJECT = /Confirm your email address/

let db: Database
let mailbox: Mailbox
before(async () => {
  mailbox = await startGatehouseMailbox({ MAIL_MAX_PER_ACCOUNT: String(MAIL_MAX_PER_ACCOUNT), MAIL_MAX_PER_IP: '1000' })
  db = await database()
})
after(async () => {
  await mailbox.close()
  await closeDatabase()
})

function context(ip = unique('ip')) {
  return { ip, userAgent: 'recovery-test' }
}

/** A new account whose address is proved by following its mailed link. */
async function verifiedAccount(): Promise<User> {
  const username = unique('r')
  const email = `${username}@example.test`
  const signed = await signUp(db, { username, email, password }, context())
  assert.ok(signed.ok)
  startEmailVerification(db, signed.user)
  const mail = await mailbox.waitFor(email, VERIFY_SUBJECT)
  const confirmed = await confirmEmail(db, linkToken(mail, '/verify-email'), context())
  assert.deepEqual(confirmed, { ok: true, email })
  return (await findUserById(db, signed.user.id))!
}

async function resetLink(user: User, skip = 0): Promise<string> {
  assert.deepEqual(await requestPasswordReset(db, { email: user.email.toUpperCase() }, context()), { ok: true })
  return linkToken(await mailbox.waitFor(user.email, RESET_SUBJECT, { skip }), '/reset-password')
}

describe('password reset', () => {
  it('mails a link that names the product and its expiry, and that works exactly once', async () => {
    const user = await verifiedAccount()
    const token = await resetLink(user)
    const mail = mailbox.to(user.email).find((received) => RESET_SUBJECT.test(received.subject))!
    assert.match(mail.body, /Gatehouse/)
    assert.match(mail.body, /30 minutes/)
    assert.match(mail.raw, /Content-Type: text\/html/i, 'an HTML part as well as plain text')
    assert.equal(await resetLinkUsable(db, token), true)
    const newPassword = 'a brand new password'
    assert.deepEqual(await resetPassword(db, { token, newPassword }, context()), { ok: true })
    assert.ok((await logIn(db, { login: user.username, password: newPassword }, context())).ok)
    assert.equal((await logIn(db, { login: user.username, password }, context())).ok, false)
    // Reuse: the same link again is refused, and the page would say so.
    assert.equal(await resetLinkUsable(db, token), false)
    assert.deepEqual(await resetPassword(db, { token, newPassword: 'yet another password' }, context()), { ok: false, errors: { form: recoveryMessages.linkInvalid } })
    const [row] = await db.select().from(auditEvents).where(and(eq(auditEvents.event, 'user.password_reset'), eq(auditEvents.subjectUserId, user.id)))
    assert.equal(row.details?.via, 'email_link')
  })

  it('link replay: two concurrent uses of one link set one password', async () => {
    const user = await verifiedAccount()
    const token = await resetLink(user)
    const results = await Promise.all(['first new password', 'second new password'].map((newPassword) => resetPassword(db, { token, newPassword }, context())))
    assert.equal(results.filter((result) => result.ok).length, 1)
  })

  it('an expired link is refused; a guessed or malformed one too', async () => {
    const user = await verifiedAccount()
    const token = await resetLink(user)
    const later = new Date(Date.now() + 31 * 60 * 1000)
    assert.equal(await resetLinkUsable(db, token, later), false)
    assert.deepEqual(await resetPassword(db, { token, newPassword: 'too late password' }, context(), later), { ok: false, errors: { form: recoveryMessages.linkInvalid } })
    for (const guess of ['', 'x', 'A'.repeat(43), `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, "' or 1=1 --".padEnd(43, 'x')]) {
      assert.equal(await resetLinkUsable(db, guess), false, guess)
      assert.equal((await resetPassword(db, { token: guess, newPassword: 'guessed password' }, context())).ok, false)
    }
  })

  it('stores only a hash of the link token', async () => {
    const user = await verifiedAccount()
    const token = await resetLink(user)
    const rows = await db.select().from(emailTokens).where(eq(emailTokens.userId, user.id))
    assert.ok(rows.some((row) => row.tokenHash === sha256(token)))
    assert.ok(rows.every((row) => row.tokenHash !== token))
  })

  it('stolen session and refresh token: a reset ends every session and revokes every refresh token', async () => {
    const user = await verifiedAccount()
    const { client, secret } = await makeClient(user)
    const tokens = await userTokens(client, secret!, user, 'openid email offline_access')
    const sessions = await Promise.all([createSession(db, user.id, context()), createSession(db, user.id, context())])
    const token = await resetLink(user)
    assert.deepEqual(await resetPassword(db, { token, newPassword: 'after the theft' }, context()), { ok: true })
    for (const session of sessions) assert.equal(await validateSessionToken(db, session.token), null)
    const refused = await refresh(client, secret!, tokens.refresh_token!)
    assert.equal(refused.status, 400)
    assert.equal((await refused.json()).error, 'invalid_grant')
  })

  it('email enumeration: known, unknown and unconfirmed addresses get the same answer in similar time, and only a confirmed address gets mail', async () => {
    const known = await Promise.all([verifiedAccount(), verifiedAccount(), verifiedAccount()])
    const unconfirmedName = unique('uc')
    const unconfirmed = await signUp(db, { username: unconfirmedName, email: `${unconfirmedName}@example.test`, password }, context())
    assert.ok(unconfirmed.ok)
    const unknown = Array.from({ length: known.length }, () => `${unique('nobody')}@example.test`)
    const answers = []
    const timings: Record<string, number[]> = { known: [], unknown: [] }
    for (let round = 0; round < MAIL_MAX_PER_ACCOUNT; round++) {
      for (let index = 0; index < known.length; index++) {
        for (const [label, email] of [['known', known[index].email], ['unknown', unknown[index]]] as const) {
          const started = performance.now()
          answers.push(await requestPasswordReset(db, { email }, context()))
          timings[label].push(performance.now() - started)
          // The background send shares the one embedded connection: let it finish between samples.
          await mailSettled()
        }
      }
    }
    answers.push(await requestPasswordReset(db, { email: unconfirmed.user.email }, context()))
    for (const answer of answers) assert.deepEqual(answer, { ok: true })
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    // The mail is made and sent in the background, so a known address costs no SMTP round trip
    // (tens of milliseconds even on loopback); the margin absorbs a loaded machine's noise.
    assert.ok(Math.abs(median(timings.known) - median(timings.unknown)) < 100, JSON.stringify(timings))
    await mailSettled()
    for (const email of unknown) assert.equal(mailbox.to(email).length, 0)
    assert.equal(mailbox.to(unconfirmed.user.email).length, 0, 'no reset mail to an address nobody proved')
    for (const user of known) assert.equal(mailbox.to(user.email).filter((mail) => RESET_SUBJECT.test(mail.subject)).length, MAIL_MAX_PER_ACCOUNT)
    // Over the limit, the known and the unknown address are refused alike.
    assert.deepEqual(await requestPasswordReset(db, { email: known[0].email }, context()), await requestPasswordReset(db, { email: unknown[0] }, context()))
  })

  it('mail bombing: a parallel burst of reset requests for one address sends at most the per-account limit', async () => {
    const user = await verifiedAccount()
    const results = await Promise.all(Array.from({ length: 20 }, () => requestPasswordReset(db, { email: user.email }, context())))
    assert.equal(results.filter((result) => result.ok).length, MAIL_MAX_PER_ACCOUNT)
    assert.ok(results.filter((result) => !result.ok).every((result) => !result.ok && result.errors.form === recoveryMessages.throttled))
    await mailSettled()
    assert.equal(mailbox.to(user.email).filter((mail) => RESET_SUBJECT.test(mail.subject)).length, MAIL_MAX_PER_ACCOUNT)
  })

  it('a reset link dies when the account address changes', async () => {
    const user = await verifiedAccount()
    const token = await resetLink(user)
    const newEmail = `${unique('moved')}@example.test`
    assert.deepEqual(await changeEmail(db, user, { email: newEmail }, context()), { ok: true, pending: true })
    const verify = await mailbox.waitFor(newEmail, VERIFY_SUBJECT)
    assert.ok((await confirmEmail(db, linkToken(verify, '/verify-email'), context())).ok)
    assert.equal(await resetLinkUsable(db, token), false)
  })
})

describe('email verification', () => {
  it('email_verified flips only after the link is followed, and a changed address is released only once proved', async () => {
    const username = unique('v')
    const email = `${username}@example.test`
    const signed = await signUp(db, { username, email, password }, context())
    assert.ok(signed.ok)
    assert.deepEqual(userClaims(signed.user, ['email']), { email, email_verified: false })
    startEmailVerification(db, signed.user)
    const token = linkToken(await mailbox.waitFor(email, VERIFY_SUBJECT), '/verify-email')
    // Opening the page proves nothing: only the confirmation does.
    assert.equal(await verificationLinkAddress(db, token), email)
    assert.deepEqual(userClaims((await findUserById(db, signed.user.id))!, ['email']), { email, email_verified: false })
    assert.ok((await confirmEmail(db, token, context())).ok)
    const verified = (await findUserById(db, signed.user.id))!
    assert.deepEqual(userClaims(verified, ['email']), { email, email_verified: true })
    assert.deepEqual(await confirmEmail(db, token, context()), { ok: false, errors: { form: verificationMessages.linkInvalid } }, 'a verification link works once')

    // A change: the account keeps, and releases, the proved address until the new one is proved.
    const newEmail = `${unique('n')}@example.test`
    assert.deepEqual(await changeEmail(db, verified, { email: newEmail }, context()), { ok: true, pending: true })
    const notice = await mailbox.waitFor(email, /being changed/)
    assert.match(notice.body, new RegExp(newEmail))
    assert.deepEqual(userClaims((await findUserById(db, verified.id))!, ['email']), { email, email_verified: true })
    const changeToken = linkToken(await mailbox.waitFor(newEmail, VERIFY_SUBJECT), '/verify-email')
    assert.ok((await confirmEmail(db, changeToken, context())).ok)
    const changed = (await findUserById(db, verified.id))!
    assert.deepEqual(userClaims(changed, ['email']), { email: newEmail, email_verified: true })
    assert.equal(mailbox.to(newEmail).filter((mail) => /being changed/.test(mail.subject)).length, 0)
  })

  it('an expired verification link proves nothing', async () => {
    const username = unique('x')
    const signed = await signUp(db, { username, email: `${username}@example.test`, password }, context())
    assert.ok(signed.ok)
    startEmailVerification(db, signed.user)
    const token = linkToken(await mailbox.waitFor(signed.user.email, VERIFY_SUBJECT), '/verify-email')
    const later = new Date(Date.now() + 25 * 3600 * 1000)
    assert.equal(await verificationLinkAddress(db, token, later), null)
    assert.equal((await confirmEmail(db, token, context(), later)).ok, false)
    assert.equal((await findUserById(db, signed.user.id))!.verifiedEmail, null)
  })

  it('address takeover: a change to an address registered meanwhile by someone else is refused', async () => {
    const user = await verifiedAccount()
    const wanted = `${unique('w')}@example.test`
    assert.ok((await changeEmail(db, user, { email: wanted }, context())).ok)
    const token = linkToken(await mailbox.waitFor(wanted, VERIFY_SUBJECT), '/verify-email')
    const squatter = unique('s')
    assert.ok((await signUp(db, { username: squatter, email: wanted, password }, context())).ok)
    assert.equal((await confirmEmail(db, token, context())).ok, false)
    assert.equal((await findUserById(db, user.id))!.email, user.email)
  })

  it('resending is limited per account', async () => {
    const username = unique('l')
    const signed = await signUp(db, { username, email: `${username}@example.test`, password }, context())
    assert.ok(signed.ok)
    const results = await Promise.all(Array.from({ length: 10 }, () => resendVerification(db, signed.user, context())))
    assert.equal(results.filter((result) => result.ok).length, MAIL_MAX_PER_ACCOUNT)
    const verified = await verifiedAccount()
    assert.deepEqual(await resendVerification(db, verified, context()), { ok: false, errors: { form: verificationMessages.alreadyVerified } })
  })
})
