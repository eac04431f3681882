// Using a recovery code is mailed to the account's confirmed address (over a real SMTP server on
// loopback): a code used by someone else means they hold the password too, and the owner must
// hear of it. The mail never carries the code; an unconfirmed address and an app code send nothing.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generate } from 'otplib'
import type { Database } from '@/db/client'
import type { User } from '@/db/schema'
import { reloadConfig } from '@/lib/config'
import { confirmTotpSetup, totpSetup } from '@/lib/factors/enrolment'
import { beginPendingSignIn, completeSecondStep } from '@/lib/factors/second-step'
import { mailSettled } from '@/lib/mail/transport'
import { startMailbox, type Mailbox } from '../helpers/mailbox'
import { makeUser } from '../helpers/oauth'

const SUBJECT = /A recovery code was used on your Gatehouse account/

let db: Database
let mailbox: Mailbox
before(async () => {
  mailbox = await startMailbox()
  process.env.SMTP_URL = mailbox.url
  reloadConfig()
  db = await database()
})
after(async () => {
  await mailSettled()
  await mailbox.close()
  await closeDatabase()
})

async function enrolled(confirmedAddress: boolean): Promise<{ user: User; secret: string; recoveryCodes: string[] }> {
  const name = unique('m')
  const user = await makeUser({ username: name, email: `${name}@example.test`, verifiedEmail: confirmedAddress ? `${name}@example.test` : null })
  const now = new Date()
  const setup = (await totpSetup(db, user, now))!
  const result = await confirmTotpSetup(db, user, await generate({ secret: setup.secret, epoch: Math.floor(now.getTime() / 1000) }), { ip: unique('ip') }, now)
  assert.ok(result.ok)
  return { user, secret: setup.secret, recoveryCodes: result.recoveryCodes! }
}

async function secondStep(user: User, code: string, at = new Date()) {
  const token = await beginPendingSignIn(db, { purpose: 'second_factor', userId: user.id, amr: ['pwd'], returnTo: '/account' }, at)
  return completeSecondStep(db, token, code, { ip: unique('ip') }, at)
}

describe('recovery code notice', () => {
  it('mails the confirmed address when a recovery code signs in, with what is left and without the code', async () => {
    const { user, recoveryCodes } = await enrolled(true)
    assert.ok((await secondStep(user, recoveryCodes[3])).ok)
    const mail = await mailbox.waitFor(user.email, SUBJECT)
    assert.match(mail.body, new RegExp(`account ${user.username} at `))
    assert.match(mail.body, /9 unused codes are left/)
    for (const code of recoveryCodes) assert.ok(!mail.body.includes(code) && !mail.body.includes(code.replace('-', '')), 'no recovery code in the mail')
  })

  it('sends nothing for an app code, nor to an address that was never confirmed', async () => {
    const confirmed = await enrolled(true)
    const later = new Date(Date.now() + 60_000)
    assert.ok((await secondStep(confirmed.user, await generate({ secret: confirmed.secret, epoch: Math.floor(later.getTime() / 1000) }), later)).ok)
    const unconfirmed = await enrolled(false)
    assert.ok((await secondStep(unconfirmed.user, unconfirmed.recoveryCodes[0])).ok)
    await mailSettled()
    assert.equal(mailbox.to(confirmed.user.email).filter((mail) => SUBJECT.test(mail.subject)).length, 0)
    assert.equal(mailbox.to(unconfirmed.user.email).length, 0)
  })
})
