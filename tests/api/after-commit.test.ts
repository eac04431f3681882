// Side effects in the right place: caches are cleared by the function that made the change, once
// its transaction has settled (never by the audit write, before the commit), and a session
// deletion commits together with its audit row.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { and, eq, sql } from 'drizzle-orm'
import { decodeJwt } from 'jose'
import type { Database } from '@/db/client'
import { revokeAccessToken } from '@/db/queries/grants'
import { auditEvents, sessions, type User } from '@/db/schema'
import { addScope } from '@/lib/admin/scopes'
import { audit } from '@/lib/audit'
import { createSession, logOut, signOutEverywhere, signOutSession } from '@/lib/auth/sessions'
import { loadClient } from '@/lib/clients/cache'
import { rotateClientSecret } from '@/lib/clients/registry'
import { sha256 } from '@/lib/crypto'
import { revokeToken } from '@/lib/oauth/endpoints/revocation'
import { loadScopeCatalog } from '@/lib/oauth/scopes/catalog'
import { loadAccessTokenStatus } from '@/lib/oauth/tokens/access-token-status'
import { makeUser } from '../helpers/oauth'
import { clientTokens, machineClient } from '../helpers/tokens'

let db: Database
before(async () => { db = await database() })
after(closeDatabase)

const context = { ip: '192.0.2.7', userAgent: 'after-commit-test' }

describe('caches cleared after commit', () => {
  it('a rotated secret is what a cached client read returns as soon as the rotation returns', async () => {
    const owner = await makeUser()
    const { client } = await machineClient(owner)
    assert.equal((await loadClient(db, client.id))?.secretHash, client.secretHash)
    const rotated = await rotateClientSecret(db, owner.id, client.id, context)
    assert.ok(rotated?.ok)
    assert.equal((await loadClient(db, client.id))?.secretHash, sha256(rotated.secret))
  })

  it('a new scope is in the cached catalog as soon as adding it returns', async () => {
    const admin = await makeUser({ isAdmin: true })
    await loadScopeCatalog(db)
    const name = unique('api:').toLowerCase()
    assert.ok((await addScope(db, admin.id, { name, description: 'Read the API', restricted: false }, context)).ok)
    assert.ok((await loadScopeCatalog(db)).some((scope) => scope.name === name))
  })

  it('a revoked access token is seen revoked by a cached status read as soon as the revocation returns', async () => {
    const { client, secret } = await machineClient(await makeUser())
    const { access_token } = await clientTokens(client, secret, 'reports:read')
    const jti = String(decodeJwt(access_token).jti)
    assert.equal((await loadAccessTokenStatus(db, jti, client.id)).revoked, false)
    assert.equal(await revokeToken(db, client, access_token, 'access_token', context), true)
    assert.equal((await loadAccessTokenStatus(db, jti, client.id)).revoked, true)
  })

  it('the audit write alone no longer clears the token-status cache (stale-cache refill before commit)', async () => {
    const { client, secret } = await machineClient(await makeUser())
    const { access_token } = await clientTokens(client, secret, 'reports:read')
    const claims = decodeJwt(access_token)
    const jti = String(claims.jti)
    assert.equal((await loadAccessTokenStatus(db, jti, client.id)).revoked, false)
    // A change that writes its audit row but clears no cache: the cached answer stays (for up to
    // its one-second TTL). Clearing is the changing function's job, after its commit.
    await db.transaction(async (tx) => {
      await revokeAccessToken(tx, { jti, clientId: client.id, expiresAt: new Date(claims.exp! * 1000) }, new Date())
      await audit(tx, { event: 'token.revoked', clientId: client.id, details: { kind: 'access_token' } }, context)
    })
    assert.equal((await loadAccessTokenStatus(db, jti, client.id)).revoked, false)
  })
})

describe('session deletion and its audit row in one transaction', () => {
  async function sessionCount(user: User): Promise<number> {
    const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, user.id))
    return row.count
  }
  async function auditCount(user: User, event: string): Promise<number> {
    const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.event, event)))
    return row.count
  }
  // The audit insert fails (a trigger raising an error): the deletion must be rolled back with it.
  // Only this user's rows are refused: other test files write audit rows into the same table
  // at the same time.
  async function withFailingAuditWrites(user: User, work: () => Promise<unknown>): Promise<void> {
    const trigger = unique('fail_audit').toLowerCase()
    await db.execute(sql.raw(`create function ${trigger}() returns trigger language plpgsql as $$ begin raise exception 'audit write refused'; end $$`))
    await db.execute(sql.raw(`create trigger ${trigger} before insert on audit_events for each row when (new.actor_user_id = '${user.id}') execute function ${trigger}()`))
    try {
      await assert.rejects(work())
    } finally {
      await db.execute(sql.raw(`drop trigger ${trigger} on audit_events`))
      await db.execute(sql.raw(`drop function ${trigger}()`))
    }
  }

  it('signing out everywhere deletes the sessions and writes the audit row, or neither', async () => {
    const user = await makeUser()
    await createSession(db, user.id, context)
    await createSession(db, user.id, context)
    await withFailingAuditWrites(user, () => signOutEverywhere(db, user.id, context))
    assert.equal(await sessionCount(user), 2, 'a failed audit write must leave the sessions in place')
    assert.equal(await signOutEverywhere(db, user.id, context), 2)
    assert.equal(await sessionCount(user), 0)
    assert.equal(await auditCount(user, 'user.sessions_revoked'), 1)
  })

  it('signing out one session deletes it and writes the audit row, or neither', async () => {
    const user = await makeUser()
    const { session } = await createSession(db, user.id, context)
    await withFailingAuditWrites(user, () => signOutSession(db, user.id, session.id, context))
    assert.equal(await sessionCount(user), 1)
    assert.equal(await signOutSession(db, user.id, session.id, context), true)
    assert.equal(await sessionCount(user), 0)
    assert.equal(await auditCount(user, 'user.session_revoked'), 1)
    assert.equal(await signOutSession(db, user.id, session.id, context), false, 'nothing left to sign out')
    assert.equal(await auditCount(user, 'user.session_revoked'), 1, 'no audit row without a deletion')
  })

  it('logout deletes the session and writes the audit row, or neither', async () => {
    const user = await makeUser()
    const { token } = await createSession(db, user.id, context)
    await withFailingAuditWrites(user, () => logOut(db, token, context))
    assert.equal(await sessionCount(user), 1)
    assert.equal((await logOut(db, token, context))?.userId, user.id)
    assert.equal(await sessionCount(user), 0)
    assert.equal(await auditCount(user, 'user.logged_out'), 1)
  })
})
