// GET /api/cleanup, the route a scheduler (Vercel Cron) calls with `Authorization: Bearer
// $CRON_SECRET`: off without the secret, refused without the right one, and a real pass with it.
// Runs in 2001 like the cleanup test, so it never touches other tests' rows.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import { sessions } from '@/db/schema'
import { config, reloadConfig } from '@/lib/config'
import { closeDatabase, database, unique } from '../helpers/database'
import { makeUser } from '../helpers/oauth'
import { serve } from '../helpers/serve'

const secret = 'cron-secret-that-is-long-enough-0123456789'
const past = new Date('2001-05-01T00:00:00Z')

after(closeDatabase)
afterEach(() => {
  delete process.env.CRON_SECRET
  reloadConfig()
})

function cleanupRequest(authorization?: string): Promise<Response> {
  return serve(new Request(`${config().ISSUER}/api/cleanup`, { headers: authorization ? { authorization } : {} }))
}

async function expiredSession(): Promise<string> {
  const db = await database()
  const [row] = await db.insert(sessions).values({ tokenHash: unique('cron-session-'), userId: (await makeUser()).id, expiresAt: past }).returning()
  return row.id
}

async function sessionExists(id: string): Promise<boolean> {
  const db = await database()
  return (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id))).length === 1
}

describe('GET /api/cleanup', () => {
  before(async () => { await database() })

  it('is not there while CRON_SECRET is unset (no unauthenticated trigger by default)', async () => {
    const response = await cleanupRequest(`Bearer ${secret}`)
    assert.equal(response.status, 404)
  })

  it('refuses a caller without the secret: forced cleanup runs (load on demand) are not open to anyone', async () => {
    process.env.CRON_SECRET = secret
    reloadConfig()
    const id = await expiredSession()
    for (const authorization of [undefined, 'Bearer wrong-secret-that-is-long-enough-0123456', `Bearer ${secret}x`, `Basic ${secret}`, secret]) {
      const response = await cleanupRequest(authorization)
      assert.equal(response.status, 401, `authorization ${authorization ?? '(none)'}`)
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /)
      assert.equal(response.headers.get('cache-control'), 'no-store')
    }
    assert.equal(await sessionExists(id), true, 'a refused call deletes nothing')
  })

  it('runs a cleanup pass for the scheduler holding the secret', async () => {
    process.env.CRON_SECRET = secret
    reloadConfig()
    const id = await expiredSession()
    const response = await cleanupRequest(`Bearer ${secret}`)
    assert.equal(response.status, 200)
    const body = await response.json() as { deleted: Record<string, number>; complete: boolean }
    assert.equal(body.complete, true)
    assert.ok(body.deleted.sessions >= 1)
    assert.equal(await sessionExists(id), false)
  })
})
