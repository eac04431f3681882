// `npm run admin -- …` run as a real child process against the configured database:
// a temporary PGlite data dir, or PostgreSQL when DATABASE_URL is set.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { findUserByUsername } from '@/db/queries/admin-users'
import { insertScope } from '@/db/queries/admin-scopes'
import { sessions } from '@/db/schema'
import { eq } from 'drizzle-orm'
import { logIn } from '@/lib/auth/accounts'
import { createSession } from '@/lib/auth/sessions'

after(closeDatabase)

interface Run { status: number | null; stdout: string; stderr: string }

function run(command: string, args: string[], environment: Record<string, string | undefined> = {}): Promise<Run> {
  const env = { ...process.env, ADMIN_PASSWORD: undefined, NODE_OPTIONS: undefined, ...environment }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, cwd: process.cwd() })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** The CLI, with this process's hold on an embedded database released first (one opener at a time). */
async function admin(args: string[], environment: Record<string, string | undefined> = {}): Promise<Run> {
  await closeDatabase()
  return run('npx', ['tsx', 'scripts/admin.ts', ...args], environment)
}

const where = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'

describe(`npm run admin (${where})`, () => {
  it('create: makes an admin with a generated password printed once, which must be changed', async () => {
    const username = unique('adm')
    const result = await admin(['create', username, `${username}@example.test`])
    assert.equal(result.status, 0, result.stderr)
    const password = /password: (\S+)/.exec(result.stdout)?.[1]
    assert.ok(password, result.stdout)
    const db = await database()
    const user = await findUserByUsername(db, username)
    assert.equal(user?.isAdmin, true)
    assert.equal(user?.mustChangePassword, true)
    assert.ok((await logIn(db, { login: username, password }, { ip: unique('ip') })).ok)
  })

  // Shared by the next tests: one process start costs seconds on PGlite.
  const username = unique('usr')

  it('create with ADMIN_PASSWORD, then grant / revoke / list: permissions reach the user, unknown scopes are refused', async () => {
    const db = await database()
    const scope = `${unique('cli')}:write`
    await insertScope(db, { name: scope, description: 'CLI test scope', restricted: true })
    const created = await admin(['create', username, `${username}@example.test`], { ADMIN_PASSWORD: 'chosen password 9' })
    assert.equal(created.status, 0, created.stderr)
    assert.ok(!created.stdout.includes('chosen password 9'), 'a password the operator chose is not echoed')
    // It sat in the environment: replaced at the next login, as the first start does by default.
    assert.equal((await findUserByUsername(await database(), username))?.mustChangePassword, true)
    assert.match(created.stdout, /to be changed at the next login/)
    const granted = await admin(['grant', username, scope])
    assert.equal(granted.status, 0, granted.stderr)
    assert.match(granted.stdout, new RegExp(`holds: admin ${scope}`))
    assert.deepEqual((await findUserByUsername(await database(), username))?.permissions, [scope])
    const unknown = await admin(['grant', username, 'no-such-scope'])
    assert.equal(unknown.status, 1)
    assert.match(unknown.stderr, /Not a restricted scope: no-such-scope/)
    const listed = await admin(['list'])
    assert.equal(listed.status, 0)
    assert.match(listed.stdout, new RegExp(`${username}\\t${username}@example.test\\tadmin ${scope}`))
    const revoked = await admin(['revoke', username, 'admin', scope])
    assert.equal(revoked.status, 0, revoked.stderr)
    const after = await findUserByUsername(await database(), username)
    assert.equal(after?.isAdmin, false)
    assert.deepEqual(after?.permissions, [])
  })

  it('reset-password: a new one-time password, and every session of the user ends', async () => {
    const user = (await findUserByUsername(await database(), username))!
    await createSession(await database(), user.id, {})
    const result = await admin(['reset-password', username])
    assert.equal(result.status, 0, result.stderr)
    const password = /password: (\S+)/.exec(result.stdout)?.[1]
    assert.ok(password)
    const db = await database()
    assert.equal((await db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 0)
    assert.equal((await findUserByUsername(db, username))?.mustChangePassword, true)
    assert.equal((await logIn(db, { login: username, password: 'chosen password 9' }, { ip: unique('ip') })).ok, false)
    assert.ok((await logIn(db, { login: username, password }, { ip: unique('ip') })).ok)
    const missing = await admin(['reset-password', unique('ghost')])
    assert.equal(missing.status, 1)
    assert.match(missing.stderr, /No user named/)
  })

  it('answers a wrong command with the usage and status 2', async () => {
    // No database needed for this one: run it without releasing ours.
    const result = await run('npx', ['tsx', 'scripts/admin.ts', 'frobnicate', '--now'])
    assert.equal(result.status, 2)
    assert.match(result.stderr, /usage: npm run admin/)
  })
})

describe('npm run admin on an embedded database a server holds', () => {
  it('refuses politely with the lock message and status 1, changing nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cli-lock-'))
    const environment = { DATA_DIR: dataDir, DATABASE_URL: undefined }
    const holder = spawn('npx', ['tsx', 'tests/helpers/hold-data-dir.ts'], { env: { ...process.env, ...environment } as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'inherit'] })
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) resolve() })
        holder.on('exit', () => reject(new Error('holder exited early')))
      })
      const result = await run('npx', ['tsx', 'scripts/admin.ts', 'list'], environment)
      assert.equal(result.status, 1)
      assert.match(result.stderr, new RegExp(`${path.resolve(dataDir)} is in use by process \\d+`))
      assert.ok(!result.stderr.includes('    at '), 'no stack trace')
    } finally {
      holder.stdin!.end()
      await new Promise((resolve) => holder.on('close', resolve))
    }
  })
})
