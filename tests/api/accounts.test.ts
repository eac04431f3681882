// Accounts against the real database (PGlite, or PostgreSQL when DATABASE_URL is set):
// sign-up, login, throttling through the database, profile changes, deletion.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { addToCounters, readCounters } from '@/db/queries/rate-limits'
import { findUserById } from '@/db/queries/users'
import { auditEvents, rateLimits, sessions, users, type User } from '@/db/schema'
import {
  LOGIN_ACCOUNT_CEILING_FACTOR, changeEmail, changePassword, changeUsername, deleteAccount, logIn, loginLimits, signUp,
} from '@/lib/auth/accounts'
import { messages } from '@/lib/messages'
import { INVISIBLE_CHARACTER_MESSAGE } from '@/lib/text'
import { mailSettled } from '@/lib/mail/transport'
import { createSession, endSession, validateSessionToken } from '@/lib/auth/sessions'
import { reloadConfig } from '@/lib/config'
import { OVER_LIMIT_CACHE_TTL_MS } from '@/lib/rate-limit'
import { setTimeout as sleep } from 'node:timers/promises'

const MAX_FAILURES = 3
process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = String(MAX_FAILURES)
reloadConfig()

let db: Database
before(async () => { db = await database() })
after(closeDatabase)

const password = 'correct horse battery'

function context(ip = unique('ip')) {
  return { ip, userAgent: 'accounts-test' }
}

async function newAccount(overrides: { username?: string; email?: string; password?: string } = {}): Promise<User> {
  const username = overrides.username ?? unique('u')
  const result = await signUp(db, { username, email: overrides.email ?? `${username}@example.test`, password: overrides.password ?? password }, context())
  assert.ok(result.ok, `sign-up failed: ${JSON.stringify(!result.ok && result.errors)}`)
  return result.user
}

async function auditRows(event: string, userId: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.event, event), eq(auditEvents.subjectUserId, userId)))
}

async function sessionCount(userId: string): Promise<number> {
  const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))
  return rows.length
}

describe('sign-up', () => {
  it('creates the account with a bcrypt hash and audits it', async () => {
    const username = unique('Su')
    const result = await signUp(db, { username, email: `  ${username}@Example.test `, password }, context('198.51.100.10'))
    assert.ok(result.ok)
    assert.equal(result.user.username, username)
    assert.equal(result.user.email, `${username}@Example.test`, 'email is trimmed')
    assert.match(result.user.passwordHash, /^\$2[aby]\$04\$/)
    assert.equal(result.user.isAdmin, false)
    const [event] = await auditRows('user.signed_up', result.user.id)
    assert.equal(event.actorUserId, result.user.id)
    assert.equal(event.ip, '198.51.100.10')
    assert.equal(event.userAgent, 'accounts-test')
    assert.ok(!JSON.stringify(event).includes(password))
  })

  it('answers per field for invalid input, and creates nothing', async () => {
    const username = unique('bad')
    const result = await signUp(db, { username: 'a b', email: 'not-an-email', password: 'short' }, context())
    assert.equal(result.ok, false)
    assert.ok(!result.ok)
    assert.deepEqual(Object.keys(result.errors).sort(), ['email', 'password', 'username'])
    assert.match(result.errors.password ?? '', /at least 8 characters/)
    const tooLong = await signUp(db, { username, email: `${username}@example.test`, password: 'x'.repeat(73) }, context())
    assert.ok(!tooLong.ok)
    assert.match(tooLong.errors.password ?? '', /at most 72 bytes/)
    assert.equal((await db.select().from(users).where(eq(users.username, username))).length, 0)
  })

  it('refuses a username that differs only by case', async () => {
    const user = await newAccount({ username: unique('Case') })
    const result = await signUp(db, { username: user.username.toUpperCase(), email: `${unique('other')}@example.test`, password }, context())
    assert.ok(!result.ok)
    assert.deepEqual(result.errors, { username: 'That username is taken.' })
  })

  it('refuses an email that differs only by case', async () => {
    const user = await newAccount()
    const result = await signUp(db, { username: unique('other'), email: user.email.toUpperCase(), password }, context())
    assert.ok(!result.ok)
    assert.deepEqual(result.errors, { email: 'That email is already registered.' })
  })

  it('lets the unique index decide when two sign-ups race for one name', async () => {
    const username = unique('race')
    const results = await Promise.all([0, 1].map((n) => signUp(db, { username, email: `${username}-${n}@example.test`, password }, context())))
    assert.equal(results.filter((r) => r.ok).length, 1)
    const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users).where(eq(sql`lower(${users.username})`, username.toLowerCase()))
    assert.equal(row.count, 1)
  })
})

describe('login', () => {
  it('a name with a control character (NUL smuggling) is refused before any lookup', async () => {
    const user = await newAccount()
    for (const login of [`${user.username}\u0000`, `${user.username}\u0001`]) {
      const result = await logIn(db, { login, password }, context())
      assert.deepEqual(result, { ok: false, errors: { login: INVISIBLE_CHARACTER_MESSAGE } }, JSON.stringify(login))
    }
  })

  it('accepts the username or the email, in any case', async () => {
    const user = await newAccount()
    for (const login of [user.username, user.email, user.username.toUpperCase(), ` ${user.email.toUpperCase()} `]) {
      const result = await logIn(db, { login, password }, context())
      assert.ok(result.ok, `login with ${login}`)
      assert.equal(result.user.id, user.id)
    }
    assert.ok((await auditRows('user.login_succeeded', user.id)).length >= 4)
  })

  it('gives one generic message for an unknown user and for a wrong password', async () => {
    const user = await newAccount()
    const wrongPassword = await logIn(db, { login: user.username, password: 'wrong password!' }, context())
    const unknownUser = await logIn(db, { login: unique('nobody'), password }, context())
    assert.deepEqual(wrongPassword, { ok: false, errors: { form: messages.loginFailed } })
    assert.deepEqual(unknownUser, wrongPassword)
    const [failed] = await auditRows('user.login_failed', user.id)
    assert.equal(failed.details?.reason, 'wrong_password')
    assert.ok(!JSON.stringify(failed).includes('wrong password!'), 'the attempted password is never stored')
  })

  it('refuses a password longer than 72 bytes even if its first 72 bytes match', async () => {
    const exact = 'p'.repeat(72)
    const user = await newAccount({ password: exact })
    assert.ok((await logIn(db, { login: user.username, password: exact }, context())).ok)
    assert.deepEqual(await logIn(db, { login: user.username, password: exact + 'x' }, context()), { ok: false, errors: { form: messages.loginFailed } })
  })

  it('refuses a disabled account with the same generic message', async () => {
    const user = await newAccount()
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id))
    assert.deepEqual(await logIn(db, { login: user.username, password }, context()), { ok: false, errors: { form: messages.loginFailed } })
  })

  it('asks for missing fields', async () => {
    const result = await logIn(db, { login: '  ', password: '' }, context())
    assert.ok(!result.ok)
    assert.deepEqual(Object.keys(result.errors).sort(), ['login', 'password'])
  })
})

describe('login throttling through the database', () => {
  const accountAtAddress = (user: User, ip: string) => loginLimits(user.username, user, ip)[0].key

  it('locks an account for one address after the maximum failures, even with the right password', async () => {
    const user = await newAccount()
    const ip = unique('ip')
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      const result = await logIn(db, { login: user.username, password: 'wrong password' }, context(ip))
      assert.deepEqual(result, { ok: false, errors: { form: messages.loginFailed } })
    }
    const [counter] = await db.select().from(rateLimits).where(eq(rateLimits.key, accountAtAddress(user, ip)))
    assert.equal(counter.count, MAX_FAILURES, 'the count lives in the shared database')
    assert.deepEqual(await logIn(db, { login: user.username, password }, context(ip)), { ok: false, errors: { form: messages.loginThrottled } })
    const reasons = (await auditRows('user.login_failed', user.id)).map((row) => (row.details as { reason: string }).reason)
    assert.deepEqual(reasons.sort(), ['throttled', ...Array<string>(MAX_FAILURES).fill('wrong_password')])
  })

  it('stranger lockout: failures from one address do not lock the account out from another', async () => {
    const user = await newAccount()
    const stranger = unique('ip')
    for (let attempt = 0; attempt < MAX_FAILURES + 2; attempt++) await logIn(db, { login: user.username, password: 'wrong password' }, context(stranger))
    assert.deepEqual(await logIn(db, { login: user.username, password }, context(stranger)), { ok: false, errors: { form: messages.loginThrottled } })
    assert.ok((await logIn(db, { login: user.username, password }, context())).ok, 'the owner, from their own address, still logs in')
  })

  it('distributed guessing: the per-account ceiling over all addresses holds, and refused attempts do not eat into it', async () => {
    const user = await newAccount()
    const ceiling = loginLimits(user.username, user, null)[2]
    assert.equal(ceiling.max, MAX_FAILURES * LOGIN_ACCOUNT_CEILING_FACTOR)
    await db.insert(rateLimits).values({ key: ceiling.key, count: ceiling.max - 1, windowStartedAt: new Date() })
    assert.deepEqual(await logIn(db, { login: user.username, password: 'wrong password' }, context()), { ok: false, errors: { form: messages.loginFailed } })
    assert.deepEqual(await logIn(db, { login: user.username, password }, context()), { ok: false, errors: { form: messages.loginThrottled } })
    const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, ceiling.key))
    assert.equal(row.count, ceiling.max, 'the refused attempt was taken back')
  })

  it('username and email spellings of one account share one failure count: switching between them gains no attempts', async () => {
    const user = await newAccount()
    const ip = unique('ip')
    const spellings = [user.username, user.email, user.username.toUpperCase(), user.email.toUpperCase()]
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      const result = await logIn(db, { login: spellings[attempt % spellings.length], password: 'wrong password' }, context(ip))
      assert.deepEqual(result, { ok: false, errors: { form: messages.loginFailed } })
    }
    for (const login of spellings) {
      assert.deepEqual(await logIn(db, { login, password }, context(ip)), { ok: false, errors: { form: messages.loginThrottled } }, login)
    }
  })

  it('a login that names nobody is throttled as typed, with the same answers as a real account', async () => {
    const nobody = unique('nobody')
    const ip = unique('ip')
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      assert.deepEqual(await logIn(db, { login: nobody, password: 'wrong password' }, context(ip)), { ok: false, errors: { form: messages.loginFailed } })
    }
    assert.deepEqual(await logIn(db, { login: nobody, password }, context(ip)), { ok: false, errors: { form: messages.loginThrottled } })
  })

  it('counts failures recorded by another instance (a row written straight to the table)', async () => {
    const user = await newAccount()
    const ip = unique('ip')
    const key = accountAtAddress(user, ip)
    await db.insert(rateLimits).values({ key, count: MAX_FAILURES, windowStartedAt: new Date() })
    assert.deepEqual(await logIn(db, { login: user.username, password }, context(ip)), { ok: false, errors: { form: messages.loginThrottled } })
    // When the window has passed, the account opens again.
    await db.update(rateLimits).set({ windowStartedAt: new Date(Date.now() - 24 * 3600 * 1000) }).where(eq(rateLimits.key, key))
    await sleep(OVER_LIMIT_CACHE_TTL_MS)
    assert.ok((await logIn(db, { login: user.username, password }, context(ip))).ok)
  })

  it('throttles an address across accounts', async () => {
    const ip = unique('ip')
    const user = await newAccount()
    await db.insert(rateLimits).values({ key: loginLimits(user.username, user, ip)[1].key, count: 100, windowStartedAt: new Date() })
    assert.deepEqual(await logIn(db, { login: user.username, password }, context(ip)), { ok: false, errors: { form: messages.loginThrottled } })
    assert.ok((await logIn(db, { login: user.username, password }, context())).ok, 'another address is not affected')
  })

  it('a success clears the account-and-address counter and takes its own attempt back; other accounts are never affected', async () => {
    const user = await newAccount()
    const bystander = await newAccount()
    const ip = unique('ip')
    for (let attempt = 0; attempt < MAX_FAILURES - 1; attempt++) await logIn(db, { login: user.username, password: 'nope-nope' }, context(ip))
    assert.ok((await logIn(db, { login: user.username, password }, context(ip))).ok)
    assert.equal((await db.select().from(rateLimits).where(eq(rateLimits.key, accountAtAddress(user, ip)))).length, 0)
    const [ceiling] = await db.select().from(rateLimits).where(eq(rateLimits.key, loginLimits(user.username, user, ip)[2].key))
    assert.equal(ceiling.count, MAX_FAILURES - 1, 'only the failures remain on the ceiling')
    assert.ok((await logIn(db, { login: bystander.username, password }, context(ip))).ok)
  })

  it('counts in fixed windows', async () => {
    const key = unique('window:')
    const start = new Date('2030-01-01T00:00:00Z')
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000)
    assert.equal((await addToCounters(db, [key], 1, start, 60))[0].count, 1)
    assert.equal((await addToCounters(db, [key], 1, at(30), 60))[0].count, 2)
    assert.deepEqual(await readCounters(db, [key], at(59), 60), [2])
    assert.deepEqual(await readCounters(db, [key], at(61), 60), [0])
    assert.equal((await addToCounters(db, [key], 1, at(61), 60))[0].count, 1, 'a new window starts from one')
  })
})

describe('sessions', () => {
  it('opens with the token only, never with garbage, and ends at once', async () => {
    const user = await newAccount()
    const { token, session } = await createSession(db, user.id, context())
    assert.notEqual(session.tokenHash, token, 'only the hash is stored')
    assert.equal((await validateSessionToken(db, token))?.user.id, user.id)
    for (const garbage of [undefined, null, 42, '', 'short', token + 'x', 'x'.repeat(500), { token }]) {
      assert.equal(await validateSessionToken(db, garbage), null)
    }
    await endSession(db, token)
    assert.equal(await validateSessionToken(db, token), null)
  })

  it('expires after SESSION_TTL', async () => {
    const user = await newAccount()
    const past = new Date(Date.now() - 30 * 86_400 * 1000)
    const { token } = await createSession(db, user.id, context(), past)
    assert.equal(await validateSessionToken(db, token), null)
  })
})

describe('profile changes', () => {
  it('changes the username; a name taken in another case is refused; one\'s own case may change', async () => {
    const user = await newAccount()
    const other = await newAccount()
    assert.deepEqual(await changeUsername(db, user, { username: other.username.toUpperCase() }, context()), { ok: false, errors: { username: 'That username is taken.' } })
    assert.deepEqual(await changeUsername(db, user, { username: user.username.toUpperCase() }, context()), { ok: true })
    const renamed = unique('renamed')
    assert.deepEqual(await changeUsername(db, user, { username: renamed }, context()), { ok: true })
    assert.equal((await findUserById(db, user.id))?.username, renamed)
    assert.equal((await auditRows('user.username_changed', user.id)).length, 2)
  })

  it('changes the email, refusing one registered in another case', async () => {
    const user = await newAccount()
    const other = await newAccount()
    assert.deepEqual(await changeEmail(db, user, { email: other.email.toUpperCase() }, context()), { ok: false, errors: { email: 'That email is already registered.' } })
    assert.ok(!(await changeEmail(db, user, { email: 'nope' }, context())).ok)
    const email = `${unique('new')}@example.test`
    assert.deepEqual(await changeEmail(db, user, { email }, context()), { ok: true, pending: true })
    assert.equal((await findUserById(db, user.id))?.email, user.email, 'the address changes once the new one is confirmed')
    await mailSettled()
  })
})

describe('password change', () => {
  it('needs the current password', async () => {
    const user = await newAccount()
    const { session } = await createSession(db, user.id, context())
    const result = await changePassword(db, user, session.id, { currentPassword: 'not my password', newPassword: 'a brand new password' }, context())
    assert.deepEqual(result, { ok: false, errors: { currentPassword: 'That is not your current password.' } })
    assert.equal((await findUserById(db, user.id))?.passwordHash, user.passwordHash)
  })

  it('refuses a new password over 72 bytes', async () => {
    const user = await newAccount()
    const { session } = await createSession(db, user.id, context())
    const result = await changePassword(db, user, session.id, { currentPassword: password, newPassword: '\u20ac'.repeat(25) }, context())
    assert.ok(!result.ok)
    assert.match(result.errors.newPassword ?? '', /at most 72 bytes/)
  })

  it('ends every OTHER session, keeps this one, and switches the password', async () => {
    const user = await newAccount()
    const current = await createSession(db, user.id, context())
    const others = await Promise.all([createSession(db, user.id, context()), createSession(db, user.id, context())])
    const stranger = await newAccount()
    const strangerSession = await createSession(db, stranger.id, context())

    assert.deepEqual(await changePassword(db, user, current.session.id, { currentPassword: password, newPassword: 'a brand new password' }, context()), { ok: true })

    assert.equal((await validateSessionToken(db, current.token))?.session.id, current.session.id)
    for (const other of others) assert.equal(await validateSessionToken(db, other.token), null)
    assert.equal(await sessionCount(user.id), 1)
    assert.ok(await validateSessionToken(db, strangerSession.token), 'another user\'s sessions are untouched')
    assert.deepEqual(await logIn(db, { login: user.username, password }, context()), { ok: false, errors: { form: messages.loginFailed } })
    assert.ok((await logIn(db, { login: user.username, password: 'a brand new password' }, context())).ok)
    assert.equal((await auditRows('user.password_changed', user.id)).length, 1)
  })
})

describe('password confirmation on a signed-in session (attack: a stolen session cookie guessing the password)', () => {
  it('change password: guesses are counted before the check, and past the limit the right password is refused too', async () => {
    const user = await newAccount()
    const { session } = await createSession(db, user.id, context())
    const guesses = await Promise.all(Array.from({ length: MAX_FAILURES * 4 }, (_, index) =>
      changePassword(db, user, session.id, { currentPassword: `guess ${index}`, newPassword: 'a brand new password' }, context('10.9.9.9'))))
    assert.ok(guesses.every((result) => !result.ok))
    const right = await changePassword(db, user, session.id, { currentPassword: password, newPassword: 'a brand new password' }, context('10.9.9.10'))
    assert.deepEqual(right, { ok: false, errors: { currentPassword: messages.loginThrottled } })
    assert.equal((await findUserById(db, user.id))?.passwordHash, user.passwordHash, 'the password stays')
  })

  it('delete account: the same limit, shared with the password-change form', async () => {
    const user = await newAccount()
    for (let index = 0; index < MAX_FAILURES; index++) {
      assert.deepEqual(await deleteAccount(db, user, { password: `guess ${index}` }, context()), { ok: false, errors: { password: 'That is not your password.' } })
    }
    assert.deepEqual(await deleteAccount(db, user, { password }, context()), { ok: false, errors: { password: messages.loginThrottled } })
    assert.ok(await findUserById(db, user.id), 'the account stays')
  })

  it('a right password clears the account\'s count: a typo or two never adds up', async () => {
    const user = await newAccount()
    const { session } = await createSession(db, user.id, context())
    for (let round = 0; round < 3; round++) {
      for (let index = 0; index < MAX_FAILURES - 1; index++) await deleteAccount(db, user, { password: 'typo' }, context())
      const kept = await changePassword(db, user, session.id, { currentPassword: round === 0 ? password : `password ${round}`, newPassword: `password ${round + 1}` }, context())
      assert.deepEqual(kept, { ok: true }, `round ${round}`)
    }
  })
})

describe('account deletion', () => {
  it('needs the password and keeps the account on a wrong one', async () => {
    const user = await newAccount()
    assert.deepEqual(await deleteAccount(db, user, { password: 'not my password' }, context()), { ok: false, errors: { password: 'That is not your password.' } })
    assert.deepEqual(await deleteAccount(db, user, { password: '' }, context()), { ok: false, errors: { password: 'Enter your password to confirm.' } })
    assert.ok(await findUserById(db, user.id))
  })

  it('deletes the user and cascades to every session; the name is free again', async () => {
    const user = await newAccount()
    const first = await createSession(db, user.id, context())
    const second = await createSession(db, user.id, context())
    assert.equal(await sessionCount(user.id), 2)

    assert.deepEqual(await deleteAccount(db, user, { password }, context()), { ok: true })

    assert.equal(await findUserById(db, user.id), null)
    assert.equal(await sessionCount(user.id), 0)
    assert.equal(await validateSessionToken(db, first.token), null)
    assert.equal(await validateSessionToken(db, second.token), null)
    assert.deepEqual(await logIn(db, { login: user.username, password }, context()), { ok: false, errors: { form: messages.loginFailed } })
    const [deleted] = await auditRows('user.deleted', user.id)
    assert.equal(deleted.actorUserId, user.id, 'the audit trail outlives the account')
    assert.ok((await signUp(db, { username: user.username, email: user.email, password }, context())).ok)
  })
})
