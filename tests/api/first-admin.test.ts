// First start with no admin: from ADMIN_USERNAME / ADMIN_PASSWORD, or with a generated
// one-time password printed once and never through the JSON logger; never created twice.
import { freshDataDir } from '../helpers/fresh-pglite'
import { closeDatabase, database } from '../helpers/database'
import { after, afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import { countAdmins } from '@/db/queries/users'
import { auditEvents, users } from '@/db/schema'
import { createAdmin, resetPassword } from '@/lib/admin/accounts'
import { ensureFirstAdmin } from '@/lib/admin/first-admin'
import { logIn } from '@/lib/auth/accounts'
import { reloadConfig } from '@/lib/config'
import { setLogSink } from '@/lib/log'

after(closeDatabase)

/** A new empty database and the given admin settings for the next test. */
async function freshStart(environment: { ADMIN_USERNAME?: string; ADMIN_PASSWORD?: string; ADMIN_PASSWORD_CHANGE_REQUIRED?: string }): Promise<void> {
  await closeDatabase()
  process.env.DATA_DIR = freshDataDir()
  delete process.env.ADMIN_USERNAME
  delete process.env.ADMIN_PASSWORD
  delete process.env.ADMIN_PASSWORD_CHANGE_REQUIRED
  Object.assign(process.env, environment)
  reloadConfig()
}

const logLines: string[] = []
setLogSink((line) => logLines.push(line))
afterEach(() => { logLines.length = 0 })

describe('first admin', () => {
  it('is created from ADMIN_USERNAME / ADMIN_PASSWORD, can log in, prints nothing, and must still replace a password that sat in the environment', async () => {
    await freshStart({ ADMIN_USERNAME: 'operator', ADMIN_PASSWORD: 'operator password 1' })
    const printed: string[] = []
    const outcome = await ensureFirstAdmin(await database(), { print: (text) => printed.push(text) })
    assert.deepEqual(outcome, { created: true, username: 'operator', generatedPassword: false })
    assert.deepEqual(printed, [])
    const db = await database()
    const [admin] = await db.select().from(users).where(eq(users.username, 'operator'))
    assert.equal(admin.isAdmin, true)
    assert.equal(admin.mustChangePassword, true)
    assert.ok((await logIn(db, { login: 'operator', password: 'operator password 1' }, { ip: '192.0.2.1' })).ok)
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.event, 'admin.created'))
    assert.equal(event.subjectUserId, admin.id)
    assert.ok(!logLines.join('\n').includes('operator password 1'))
  })

  it('keeps an environment password only when the operator opts out with ADMIN_PASSWORD_CHANGE_REQUIRED=false', async () => {
    await freshStart({ ADMIN_USERNAME: 'keeper', ADMIN_PASSWORD: 'operator password 2', ADMIN_PASSWORD_CHANGE_REQUIRED: 'false' })
    const db = await database()
    assert.deepEqual(await ensureFirstAdmin(db, { print: () => {} }), { created: true, username: 'keeper', generatedPassword: false })
    const [admin] = await db.select().from(users).where(eq(users.username, 'keeper'))
    assert.equal(admin.mustChangePassword, false)
  })

  it('is not created twice: a second start (or a second instance) finds the admin', async () => {
    const db = await database()
    assert.deepEqual(await ensureFirstAdmin(db), { created: false, reason: 'admin_exists' })
    assert.equal(await countAdmins(db), 1)
  })

  it('without ADMIN_PASSWORD gets a generated password, printed once as a banner (not a JSON log line), that must be changed', async () => {
    await freshStart({})
    const printed: string[] = []
    const outcome = await ensureFirstAdmin(await database(), { print: (text) => printed.push(text) })
    assert.deepEqual(outcome, { created: true, username: 'admin', generatedPassword: true })
    assert.equal(printed.length, 1)
    const password = /password: (\S+)/.exec(printed[0])?.[1]
    assert.ok(password && password.length >= 20, 'the banner shows the password')
    assert.throws(() => JSON.parse(printed[0]), 'the banner is not a JSON log line')
    assert.ok(!logLines.join('\n').includes(password), 'the JSON log never carries it')
    const db = await database()
    const [admin] = await db.select().from(users).where(eq(users.username, 'admin'))
    assert.equal(admin.mustChangePassword, true)
    assert.ok((await logIn(db, { login: 'admin', password }, { ip: '192.0.2.2' })).ok)
    const again: string[] = []
    await ensureFirstAdmin(db, { print: (text) => again.push(text) })
    assert.deepEqual(again, [], 'printed once only')
  })

  it('several instances starting together create exactly one admin', async () => {
    await freshStart({})
    const db = await database()
    const outcomes = await Promise.all([ensureFirstAdmin(db, { print: () => {} }), ensureFirstAdmin(db, { print: () => {} }), ensureFirstAdmin(db, { print: () => {} })])
    assert.equal(outcomes.filter((outcome) => outcome.created).length, 1)
    assert.equal(await countAdmins(db), 1)
  })

  it('never promotes an existing account that happens to carry ADMIN_USERNAME', async () => {
    await freshStart({ ADMIN_USERNAME: 'squatter', ADMIN_PASSWORD: 'operator password 1' })
    const db = await database()
    await db.insert(users).values({ username: 'squatter', email: 'squatter@example.test', passwordHash: 'x' })
    assert.deepEqual(await ensureFirstAdmin(db), { created: false, reason: 'username_taken' })
    assert.equal(await countAdmins(db), 0)
    assert.ok(logLines.some((line) => JSON.parse(line).msg.startsWith('first admin not created')))
  })
})

describe('admin CLI passwords from ADMIN_PASSWORD', () => {
  it('a password that sat in deploy files, set by create or reset-password, must still be replaced at the next login', async () => {
    await freshStart({ ADMIN_PASSWORD: 'operator password 3' })
    const db = await database()
    const created = await createAdmin(db, { username: 'cli-admin', email: 'cli-admin@example.test' }, 'operator password 3')
    assert.ok(created.ok && created.password === null)
    const reset = await resetPassword(db, 'cli-admin', 'operator password 3')
    assert.ok(reset.ok)
    const [admin] = await db.select().from(users).where(eq(users.username, 'cli-admin'))
    assert.equal(admin.mustChangePassword, true)
  })

  it('keeps it when the operator opts out with ADMIN_PASSWORD_CHANGE_REQUIRED=false, as the first start does', async () => {
    await freshStart({ ADMIN_PASSWORD: 'operator password 4', ADMIN_PASSWORD_CHANGE_REQUIRED: 'false' })
    const db = await database()
    assert.ok((await createAdmin(db, { username: 'cli-keeper', email: 'cli-keeper@example.test' }, 'operator password 4')).ok)
    const [created] = await db.select().from(users).where(eq(users.username, 'cli-keeper'))
    assert.equal(created.mustChangePassword, false)
    assert.ok((await resetPassword(db, 'cli-keeper')).ok, 'a generated password')
    const [reset] = await db.select().from(users).where(eq(users.username, 'cli-keeper'))
    assert.equal(reset.mustChangePassword, true, 'a generated password is always replaced')
  })
})
