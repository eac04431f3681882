// Local accounts behind upstream identities, on the real database: who an upstream identity signs
// in as, when an email may link, when its address counts as confirmed, setting a first password
// by a mailed link, the last way in, and the provider secret at rest.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { and, eq } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { insertPasskey } from '@/db/queries/second-factors'
import { findUpstreamProviderRow, listUserUpstreamLinks } from '@/db/queries/upstream'
import { findUserById } from '@/db/queries/users'
import { auditEvents, type User } from '@/db/schema'
import { logIn, signUp } from '@/lib/auth/accounts'
import { requestPasswordReset, resetPassword } from '@/lib/auth/recovery'
import { isEmailVerified } from '@/lib/auth/verified-email'
import { LAST_WAY_IN, NO_PASSWORD_HASH, hasPassword, keepsAWayIn, linkUpstreamAccount, signInWithUpstream, unlinkUpstreamAccount } from '@/lib/upstream/accounts'
import { createProvider, updateProvider } from '@/lib/upstream/admin'
import { UpstreamFailure } from '@/lib/upstream/failures'
import type { UpstreamIdentity } from '@/lib/upstream/identity'
import { findProvider, type UpstreamProvider } from '@/lib/upstream/providers'
import { startGatehouseMailbox } from '../helpers/gatehouse-mailbox'
import { linkToken, type Mailbox } from '../helpers/mailbox'

let db: Database
let mailbox: Mailbox
before(async () => {
  mailbox = await startGatehouseMailbox()
  db = await database()
})
after(async () => {
  await mailbox.close()
  await closeDatabase()
})

const context = { ip: '192.0.2.7', userAgent: 'upstream-accounts-test' }
const password = 'correct horse battery'

function provider(overrides: Partial<UpstreamProvider> = {}): UpstreamProvider {
  return {
    id: unique('p').toLowerCase(), type: 'oidc', name: 'Test IdP', issuer: 'https://idp.example', clientId: 'c', scopes: 'openid email',
    enabled: true, linkByVerifiedEmail: false, source: 'console', clientSecret: () => 's', ...overrides,
  }
}

function identity(overrides: Partial<UpstreamIdentity> = {}): UpstreamIdentity {
  const name = unique('up')
  return { subject: unique('sub'), email: `${name}@example.test`, emailVerified: true, username: name, name: null, amr: [], ...overrides }
}

async function localAccount(): Promise<User> {
  const username = unique('u')
  const result = await signUp(db, { username, email: `${username}@example.test`, password }, context)
  assert.ok(result.ok)
  return result.user
}

async function reloaded(user: User): Promise<User> {
  return (await findUserById(db, user.id))!
}

async function eventsOf(user: User, event: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.event, event)))
}

async function addPasskey(user: User) {
  return insertPasskey(db, { userId: user.id, credentialId: unique('cred'), publicKey: 'AQID', name: 'Test key', deviceType: 'singleDevice' })
}

async function failureOf(work: Promise<unknown>): Promise<string> {
  try {
    await work
  } catch (error) {
    if (error instanceof UpstreamFailure) return error.reason
    throw error
  }
  return 'succeeded'
}

describe('upstream sign-in', () => {
  it('a first sign-in creates an account with no password, and the next one signs into it', async () => {
    const idp = provider()
    // Unique per run: on a reused PostgreSQL an earlier run's name would be taken.
    const name = unique('J')
    const who = identity({ username: `${name} Doe!` })
    const first = await signInWithUpstream(db, idp, who, context)
    assert.equal(first.created, true)
    assert.equal(first.user.username, `${name}Doe`)
    assert.equal(first.user.email, who.email)
    assert.equal(hasPassword(first.user), false)
    const again = await signInWithUpstream(db, idp, who, context)
    assert.deepEqual([again.created, again.user.id], [false, first.user.id])
  })

  it('a derived username that is taken gets a suffix', async () => {
    const taken = await localAccount()
    const result = await signInWithUpstream(db, provider(), identity({ username: taken.username }), context)
    assert.match(result.user.username, new RegExp(`^${taken.username.slice(0, 27)}-[a-z0-9]{4}$`))
  })

  it('pre-account takeover: an upstream email matching a local account never signs into it silently', async () => {
    const owner = await localAccount()
    assert.equal(await failureOf(signInWithUpstream(db, provider(), identity({ email: owner.email, emailVerified: true }), context)), 'email_taken')
    assert.deepEqual(await listUserUpstreamLinks(db, owner.id), [])
  })

  it('pre-account takeover: even with linking by email enabled, an unverified upstream email does not link', async () => {
    const owner = await localAccount()
    const idp = provider({ linkByVerifiedEmail: true })
    assert.equal(await failureOf(signInWithUpstream(db, idp, identity({ email: owner.email.toUpperCase(), emailVerified: false }), context)), 'email_taken')
    assert.deepEqual(await listUserUpstreamLinks(db, owner.id), [])
  })

  it('a verified email links to the local account only where an admin enabled it', async () => {
    const owner = await localAccount()
    const idp = provider({ linkByVerifiedEmail: true })
    const result = await signInWithUpstream(db, idp, identity({ email: owner.email, emailVerified: true }), context)
    assert.deepEqual([result.created, result.user.id], [false, owner.id])
    assert.equal((await listUserUpstreamLinks(db, owner.id)).length, 1)
  })

  it('no email from the upstream: no account', async () => {
    assert.equal(await failureOf(signInWithUpstream(db, provider(), identity({ email: null }), context)), 'no_email')
  })

  it('the password login of an upstream-only account fails like a wrong password', async () => {
    const { user } = await signInWithUpstream(db, provider(), identity(), context)
    assert.equal(user.passwordHash, NO_PASSWORD_HASH)
    const result = await logIn(db, { login: user.username, password: 'anything at all' }, context)
    assert.equal(result.ok, false)
  })
})

describe('linking and unlinking', () => {
  it('account takeover by link: an upstream account linked to one user cannot be linked to another', async () => {
    const idp = provider()
    const who = identity()
    await signInWithUpstream(db, idp, who, context)
    const other = await localAccount()
    assert.equal(await failureOf(linkUpstreamAccount(db, other, idp, who, context)), 'linked_elsewhere')
  })

  it('a signed-in user links a provider, and may unlink it while the password remains', async () => {
    const user = await localAccount()
    const idp = provider()
    await linkUpstreamAccount(db, user, idp, identity(), context)
    assert.equal((await listUserUpstreamLinks(db, user.id)).length, 1)
    assert.deepEqual(await unlinkUpstreamAccount(db, user.id, idp.id, context), { ok: true })
    assert.deepEqual(await listUserUpstreamLinks(db, user.id), [])
  })

  it('lockout: the last way in of an account without a password cannot be unlinked', async () => {
    const first = provider()
    const second = provider()
    const { user } = await signInWithUpstream(db, first, identity(), context)
    const refused = await unlinkUpstreamAccount(db, user.id, first.id, context)
    assert.deepEqual(refused, { ok: false, errors: { form: LAST_WAY_IN } })
    await linkUpstreamAccount(db, user, second, identity(), context)
    assert.deepEqual(await unlinkUpstreamAccount(db, user.id, first.id, context), { ok: true })
    assert.equal((await unlinkUpstreamAccount(db, user.id, second.id, context)).ok, false)
  })

  it('lockout: a passkey is a way in, and then the last passkey is the last way in', async () => {
    const idp = provider()
    const { user } = await signInWithUpstream(db, idp, identity(), context)
    await addPasskey(user)
    assert.deepEqual(await unlinkUpstreamAccount(db, user.id, idp.id, context), { ok: true })
    assert.equal(await db.transaction((tx) => keepsAWayIn(tx, user.id, 'passkey')), false)
    await addPasskey(user)
    assert.equal(await db.transaction((tx) => keepsAWayIn(tx, user.id, 'passkey')), true)
    assert.equal(await db.transaction((tx) => keepsAWayIn(tx, user.id, 'link')), true)
  })

  it('lockout race: two unlinks at once leave at least one way in', async () => {
    const first = provider()
    const second = provider()
    const { user } = await signInWithUpstream(db, first, identity(), context)
    await linkUpstreamAccount(db, user, second, identity(), context)
    const results = await Promise.all([unlinkUpstreamAccount(db, user.id, first.id, context), unlinkUpstreamAccount(db, user.id, second.id, context)])
    assert.equal(results.filter((result) => result.ok).length, 1)
    assert.equal((await listUserUpstreamLinks(db, user.id)).length, 1)
  })
})

describe('addresses the provider vouches for', () => {
  it('a sign-up whose email the provider verified has a confirmed address; an unverified one gets a mailed link instead', async () => {
    const vouched = await signInWithUpstream(db, provider(), identity({ emailVerified: true }), context)
    assert.equal(isEmailVerified(await reloaded(vouched.user)), true)
    assert.equal((await eventsOf(vouched.user, 'user.email_verified')).length, 1)

    const unvouched = await signInWithUpstream(db, provider(), identity({ emailVerified: false }), context)
    assert.equal(isEmailVerified(await reloaded(unvouched.user)), false)
    await mailbox.waitFor(unvouched.user.email, /Confirm your email address/)
  })

  it('a later sign-in through a provider that now vouches for the account\'s address confirms it', async () => {
    const idp = provider()
    const who = identity({ emailVerified: false })
    const { user } = await signInWithUpstream(db, idp, who, context)
    assert.equal(isEmailVerified(await reloaded(user)), false)
    await signInWithUpstream(db, idp, { ...who, emailVerified: true }, context)
    assert.equal(isEmailVerified(await reloaded(user)), true)
  })

  it('linking from /account confirms the address only when the provider vouches for that same address', async () => {
    const same = await localAccount()
    await linkUpstreamAccount(db, same, provider(), identity({ email: same.email.toUpperCase(), emailVerified: true }), context)
    assert.equal(isEmailVerified(await reloaded(same)), true)

    const other = await localAccount()
    await linkUpstreamAccount(db, other, provider(), identity({ emailVerified: true }), context)
    const unverified = await localAccount()
    await linkUpstreamAccount(db, unverified, provider(), identity({ email: unverified.email, emailVerified: false }), context)
    assert.equal(isEmailVerified(await reloaded(other)), false)
    assert.equal(isEmailVerified(await reloaded(unverified)), false)
  })
})

describe('a first password for an account made through a provider', () => {
  it('"Forgot password" mails a link that sets a password; then the provider may be unlinked', async () => {
    const idp = provider()
    const { user } = await signInWithUpstream(db, idp, identity({ emailVerified: true }), context)
    assert.deepEqual(await unlinkUpstreamAccount(db, user.id, idp.id, context), { ok: false, errors: { form: LAST_WAY_IN } })

    assert.deepEqual(await requestPasswordReset(db, { email: user.email }, { ...context, ip: unique('ip') }), { ok: true })
    const mail = await mailbox.waitFor(user.email, /Reset your Gatehouse password/)
    assert.deepEqual(await resetPassword(db, { token: linkToken(mail, '/reset-password'), newPassword: password }, context), { ok: true })
    assert.equal(hasPassword(await reloaded(user)), true)
    assert.equal((await logIn(db, { login: user.username, password }, context)).ok, true)
    assert.deepEqual(await unlinkUpstreamAccount(db, user.id, idp.id, context), { ok: true })
  })
})

describe('providers in the console', () => {
  it('stores the client secret sealed, keeps it when an edit leaves it blank, and opens it for the flow', async () => {
    const admin = await localAccount()
    const id = unique('c').toLowerCase()
    const secret = 'a-very-secret-upstream-client-secret'
    const created = await createProvider(db, admin.id, { id, type: 'oidc', name: 'Corp', issuer: 'https://login.corp.example', client_id: 'gh', client_secret: secret, scopes: '', enabled: true, link_by_verified_email: false }, context)
    assert.deepEqual(created, { ok: true, id })
    const row = await findUpstreamProviderRow(db, id)
    assert.ok(row && !row.clientSecretSealed.includes(secret))
    assert.equal(row.scopes, 'openid email profile')
    const saved = await updateProvider(db, admin.id, { id, type: 'oidc', name: 'Corp SSO', issuer: 'https://login.corp.example', client_id: 'gh', client_secret: '', scopes: 'openid email', enabled: true, link_by_verified_email: false }, context)
    assert.deepEqual(saved, { ok: true })
    const loaded = await findProvider(db, id)
    assert.equal(loaded?.name, 'Corp SSO')
    assert.equal(loaded?.clientSecret(), secret)
  })

  it('refuses an OpenID Connect provider over plain http to a non-loopback host', async () => {
    const admin = await localAccount()
    const result = await createProvider(db, admin.id, { id: unique('h').toLowerCase(), type: 'oidc', name: 'Plain', issuer: 'http://idp.example', client_id: 'x', client_secret: 'y', enabled: true, link_by_verified_email: false }, context)
    assert.deepEqual(result, { ok: false, errors: { issuer: 'The issuer URL must use https.' } })
  })
})
