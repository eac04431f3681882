import { database, closeDatabase, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { eq } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { auditEventsOfType } from '../helpers/audit'
import { insertUser } from '@/db/queries/users'
import { accessTokens, clients, consents, grants, refreshTokens, scopes, type User } from '@/db/schema'
import { sha256 } from '@/lib/crypto'
import {
  createClient, deleteClient, getClientForOwner, listClientsForOwner, rotateClientSecret, updateClient,
} from '@/lib/clients/registry'
import { ensureBuiltinScopes, listScopes } from '@/lib/oauth/scopes/catalog'

let db: Database
let owner: User
let stranger: User
const context = { ip: '203.0.113.9', userAgent: 'registry-test' }

async function newUser(): Promise<User> {
  const username = unique('dev')
  return insertUser(db, { username, email: `${username}@example.com`, passwordHash: 'not-a-real-hash' })
}

function confidentialInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Orders dashboard',
    type: 'confidential',
    redirectUris: 'https://orders.example.com/callback\nhttp://127.0.0.1:8080/callback',
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    scopes: ['openid', 'profile'],
    tokenEndpointAuthMethod: 'client_secret_post',
    requirePkce: true,
    ...overrides,
  }
}

async function rowOf(id: string) {
  const [row] = await db.select().from(clients).where(eq(clients.id, id))
  return row
}

before(async () => {
  db = await database()
  await ensureBuiltinScopes(db)
  owner = await newUser()
  stranger = await newUser()
})
after(closeDatabase)

describe('scope catalog', () => {
  it('creates the built-in scopes once, however often and concurrently it runs', async () => {
    await Promise.all([ensureBuiltinScopes(db), ensureBuiltinScopes(db), ensureBuiltinScopes(db)])
    const builtins = (await listScopes(db)).filter((scope) => scope.builtin)
    assert.deepEqual(builtins.map((scope) => scope.name), ['openid', 'profile', 'email', 'offline_access'])
    assert.ok(builtins.every((scope) => scope.description.length > 5 && !scope.restricted))
  })

  it('holds operator scopes with the restricted flag, listed after the built-ins', async () => {
    const name = unique('api:orders.')
    await db.insert(scopes).values({ name, description: 'Read your orders', restricted: true })
    const listed = await listScopes(db)
    const found = listed.find((scope) => scope.name === name)
    assert.equal(found?.restricted, true)
    assert.ok(listed.findIndex((scope) => scope.name === name) > listed.findIndex((scope) => scope.name === 'offline_access'))
  })
})

describe('creating a client', () => {
  it('stores a confidential client with a random id and returns the secret once, stored only as a hash', async () => {
    const result = await createClient(db, owner.id, confidentialInput(), context)
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors))
    const { client, secret } = result
    assert.match(client.id, /^gh_[A-Za-z0-9_-]{22}$/)
    assert.ok(secret && secret.length >= 43, 'a 256-bit secret')
    assert.equal(client.ownerId, owner.id)
    assert.equal(client.type, 'confidential')
    assert.equal(client.tokenEndpointAuthMethod, 'client_secret_post')
    assert.deepEqual(client.redirectUris, ['https://orders.example.com/callback', 'http://127.0.0.1:8080/callback'])
    assert.deepEqual(client.grantTypes, ['authorization_code', 'refresh_token', 'client_credentials'])
    assert.deepEqual(client.scopes, ['openid', 'profile'])
    assert.equal(client.passwordGrantEnabled, false)

    const row = await rowOf(client.id)
    assert.equal(row.secretHash, sha256(secret))
    for (const [column, value] of Object.entries(row)) {
      assert.ok(!JSON.stringify(value ?? null).includes(secret), `the plaintext secret must not be in column ${column}`)
    }
    const [event] = await auditEventsOfType(db, 'client.created', client.id)
    assert.equal(event.actorUserId, owner.id)
    assert.ok(!JSON.stringify(event).includes(secret), 'the audit row never holds the secret')
  })

  it('never lets the developer choose the client id', async () => {
    const result = await createClient(db, owner.id, confidentialInput({ id: 'my-chosen-id', clientId: 'my-chosen-id' }), context)
    assert.ok(result.ok)
    assert.notEqual(result.client.id, 'my-chosen-id')
    assert.match(result.client.id, /^gh_/)
  })

  it('defaults a confidential client to client_secret_basic and PKCE on', async () => {
    const result = await createClient(db, owner.id, { name: 'Defaults', type: 'confidential', redirectUris: 'https://d.example.com/cb', grantTypes: ['authorization_code'] }, context)
    assert.ok(result.ok)
    assert.equal(result.client.tokenEndpointAuthMethod, 'client_secret_basic')
    assert.equal(result.client.requirePkce, true)
  })

  it('gives a public client no secret, auth method none, and PKCE whatever was asked', async () => {
    const result = await createClient(db, owner.id, {
      name: 'Mobile app', type: 'public', redirectUris: 'com.example.app:/callback\nhttp://127.0.0.1/callback',
      grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'offline_access'], requirePkce: false,
      tokenEndpointAuthMethod: 'client_secret_basic',
    }, context)
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors))
    assert.equal(result.secret, null)
    assert.equal(result.client.tokenEndpointAuthMethod, 'none')
    assert.equal(result.client.requirePkce, true)
    assert.equal((await rowOf(result.client.id)).secretHash, null)
  })

  it('refuses invalid redirect URIs with one error per bad line, numbered as typed', async () => {
    const result = await createClient(db, owner.id, confidentialInput({
      redirectUris: 'https://good.example.com/cb\nhttp://evil.example.com/cb\n\nhttps://x.example.com/cb#frag\nhttps://*.example.com/cb',
    }), context)
    assert.equal(result.ok, false)
    assert.ok(!result.ok)
    const lines = (result.errors.redirectUris ?? '').split('\n')
    assert.equal(lines.length, 3)
    assert.match(lines[0], /^Line 2: Use https/)
    assert.match(lines[1], /^Line 4: .*fragment/)
    assert.match(lines[2], /^Line 5: Wildcards/)
  })

  it('refuses a private-use scheme for a confidential client and more than ten URIs', async () => {
    const scheme = await createClient(db, owner.id, confidentialInput({ redirectUris: 'com.example.app:/cb' }), context)
    assert.ok(!scheme.ok)
    assert.match(scheme.errors.redirectUris ?? '', /^Line 1: Private-use schemes/)
    const many = Array.from({ length: 11 }, (_, i) => `https://app.example.com/cb${i}`).join('\n')
    const tooMany = await createClient(db, owner.id, confidentialInput({ redirectUris: many }), context)
    assert.ok(!tooMany.ok)
    assert.match(tooMany.errors.redirectUris ?? '', /at most 10/)
  })

  it('requires a redirect URI for the authorization code grant, not for client_credentials alone', async () => {
    const none = await createClient(db, owner.id, confidentialInput({ redirectUris: '\n  \n' }), context)
    assert.ok(!none.ok)
    assert.match(none.errors.redirectUris ?? '', /at least one/)
    const machine = await createClient(db, owner.id, confidentialInput({ redirectUris: '', grantTypes: ['client_credentials'] }), context)
    assert.ok(machine.ok)
    assert.deepEqual(machine.client.redirectUris, [])
  })

  it('validates post-logout redirect URIs like redirect URIs', async () => {
    const result = await createClient(db, owner.id, confidentialInput({ postLogoutRedirectUris: 'https://ok.example.com/bye\nftp://x.example.com/' }), context)
    assert.ok(!result.ok)
    assert.match(result.errors.postLogoutRedirectUris ?? '', /^Line 2: /)
  })

  it('never enables the password grant from developer input', async () => {
    const result = await createClient(db, owner.id, confidentialInput({ grantTypes: ['authorization_code', 'password'], passwordGrantEnabled: true }), context)
    assert.ok(!result.ok)
    assert.match(result.errors.grantTypes ?? '', /administrator/)
  })

  it('refuses client_credentials for a public client, unknown grants, and no grant at all', async () => {
    const pub = await createClient(db, owner.id, { ...confidentialInput(), type: 'public', grantTypes: ['client_credentials'] }, context)
    assert.ok(!pub.ok)
    assert.match(pub.errors.grantTypes ?? '', /Public clients/)
    const implicit = await createClient(db, owner.id, confidentialInput({ grantTypes: ['implicit'] }), context)
    assert.ok(!implicit.ok)
    assert.match(implicit.errors.grantTypes ?? '', /Unknown grant type/)
    const empty = await createClient(db, owner.id, confidentialInput({ grantTypes: [] }), context)
    assert.ok(!empty.ok)
    assert.match(empty.errors.grantTypes ?? '', /at least one/)
  })

  it('only allows scopes from the catalog', async () => {
    const result = await createClient(db, owner.id, confidentialInput({ scopes: ['openid', 'admin:everything'] }), context)
    assert.ok(!result.ok)
    assert.match(result.errors.scopes ?? '', /Unknown scope: admin:everything/)
  })

  it('refuses the none method for confidential clients, a bad type, a missing name and non-https links', async () => {
    const result = await createClient(db, owner.id, confidentialInput({ tokenEndpointAuthMethod: 'none' }), context)
    assert.ok(!result.ok)
    assert.ok(result.errors.tokenEndpointAuthMethod)
    const bad = await createClient(db, owner.id, confidentialInput({ type: 'trusted', name: '   ', homepageUrl: 'http://example.com', logoUrl: 'javascript:alert(1)', policyUrl: 'https://u:p@example.com/' }), context)
    assert.ok(!bad.ok)
    assert.ok(bad.errors.type)
    assert.ok(bad.errors.name)
    assert.match(bad.errors.homepageUrl ?? '', /https/)
    assert.match(bad.errors.logoUrl ?? '', /https/)
    assert.match(bad.errors.policyUrl ?? '', /user name/)
    const long = await createClient(db, owner.id, confidentialInput({ name: 'x'.repeat(101) }), context)
    assert.ok(!long.ok)
    assert.match(long.errors.name ?? '', /at most 100/)
  })

  it('reports every field error at once: a bad homepage does not hide the per-line redirect URI errors', async () => {
    const result = await createClient(db, owner.id, confidentialInput({
      name: '', homepageUrl: 'http://orders.example.com', redirectUris: 'https://ok.example.com/cb\nnot a uri\nhttp://orders.example.com/cb',
      grantTypes: ['refresh_token'], scopes: ['openid', 'no-such-scope'],
    }), context)
    assert.ok(!result.ok)
    assert.deepEqual(Object.keys(result.errors).sort(), ['grantTypes', 'homepageUrl', 'name', 'redirectUris', 'scopes'])
    assert.deepEqual((result.errors.redirectUris ?? '').split('\n').map((line) => line.slice(0, 7)), ['Line 2:', 'Line 3:'])
  })
})

describe('managing a client', () => {
  it('lists only the owner\'s clients', async () => {
    const mine = await createClient(db, owner.id, confidentialInput({ name: 'Listed' }), context)
    assert.ok(mine.ok)
    assert.ok((await listClientsForOwner(db, owner.id)).some((client) => client.id === mine.client.id))
    assert.ok(!(await listClientsForOwner(db, stranger.id)).some((client) => client.id === mine.client.id))
  })

  it('updates settings, keeps the type and the secret, and audits the change', async () => {
    const created = await createClient(db, owner.id, confidentialInput(), context)
    assert.ok(created.ok)
    const before = await rowOf(created.client.id)
    const result = await updateClient(db, owner.id, created.client.id, {
      name: 'Renamed', redirectUris: 'https://new.example.com/cb', grantTypes: ['authorization_code'], scopes: ['openid'],
      tokenEndpointAuthMethod: 'client_secret_basic', requirePkce: false, homepageUrl: 'https://new.example.com',
    }, context)
    assert.ok(result?.ok, JSON.stringify(result))
    const row = await rowOf(created.client.id)
    assert.equal(row.name, 'Renamed')
    assert.deepEqual(row.redirectUris, ['https://new.example.com/cb'])
    assert.equal(row.tokenEndpointAuthMethod, 'client_secret_basic')
    assert.equal(row.requirePkce, false)
    assert.equal(row.homepageUrl, 'https://new.example.com')
    assert.equal(row.type, 'confidential')
    assert.equal(row.secretHash, before.secretHash)
    const [event] = await auditEventsOfType(db, 'client.updated', created.client.id)
    assert.ok((event.details?.changed as string[]).includes('redirectUris'))
  })

  it('refuses to change the client type and reports invalid URIs on update', async () => {
    const created = await createClient(db, owner.id, confidentialInput(), context)
    assert.ok(created.ok)
    const typeChange = await updateClient(db, owner.id, created.client.id, { ...confidentialInput(), type: 'public' }, context)
    assert.ok(typeChange && !typeChange.ok)
    assert.match(typeChange.errors.type ?? '', /cannot be changed/)
    const badUri = await updateClient(db, owner.id, created.client.id, confidentialInput({ redirectUris: 'https://ok.example.com/cb\nhttps://u@x.example.com/' }), context)
    assert.ok(badUri && !badUri.ok)
    assert.match(badUri.errors.redirectUris ?? '', /^Line 2: /)
    assert.deepEqual((await rowOf(created.client.id)).redirectUris, created.client.redirectUris)
  })

  it('rotating the secret returns a new one and kills the old one at once', async () => {
    const created = await createClient(db, owner.id, confidentialInput(), context)
    assert.ok(created.ok && created.secret)
    const rotated = await rotateClientSecret(db, owner.id, created.client.id, context)
    assert.ok(rotated?.ok)
    assert.notEqual(rotated.secret, created.secret)
    const row = await rowOf(created.client.id)
    assert.equal(row.secretHash, sha256(rotated.secret))
    assert.notEqual(row.secretHash, sha256(created.secret))
    assert.equal((await auditEventsOfType(db, 'client.secret_rotated', created.client.id)).length, 1)
  })

  it('public clients have no secret to rotate', async () => {
    const created = await createClient(db, owner.id, { ...confidentialInput(), type: 'public', grantTypes: ['authorization_code'] }, context)
    assert.ok(created.ok)
    const rotated = await rotateClientSecret(db, owner.id, created.client.id, context)
    assert.ok(rotated && !rotated.ok)
    assert.equal((await rowOf(created.client.id)).secretHash, null)
  })

  it('deleting a client removes its grants, tokens and consents in one go, and audits it', async () => {
    const created = await createClient(db, owner.id, confidentialInput(), context)
    assert.ok(created.ok)
    const clientId = created.client.id
    const [grant] = await db.insert(grants).values({ clientId, userId: owner.id, scope: 'openid' }).returning()
    await db.insert(refreshTokens).values({ tokenHash: sha256(unique('rt')), grantId: grant.id, clientId, userId: owner.id, scope: 'openid', expiresAt: new Date(Date.now() + 60_000) })
    await db.insert(accessTokens).values({ jti: unique('jti'), grantId: grant.id, clientId, userId: owner.id, expiresAt: new Date(Date.now() + 60_000) })
    await db.insert(consents).values({ userId: owner.id, clientId, scopes: ['openid'] })

    assert.equal(await deleteClient(db, owner.id, clientId, context), true)
    assert.equal(await rowOf(clientId), undefined)
    assert.equal((await db.select().from(grants).where(eq(grants.clientId, clientId))).length, 0)
    assert.equal((await db.select().from(refreshTokens).where(eq(refreshTokens.clientId, clientId))).length, 0)
    assert.equal((await db.select().from(accessTokens).where(eq(accessTokens.clientId, clientId))).length, 0)
    assert.equal((await db.select().from(consents).where(eq(consents.clientId, clientId))).length, 0)
    assert.equal((await auditEventsOfType(db, 'client.deleted', clientId)).length, 1)
    assert.equal(await deleteClient(db, owner.id, clientId, context), false)
  })
})

describe('another user cannot reach a client (ownership)', () => {
  it('get, update, rotate and delete by a non-owner answer null/false and change nothing', async () => {
    const created = await createClient(db, owner.id, confidentialInput(), context)
    assert.ok(created.ok)
    const id = created.client.id
    const before = await rowOf(id)

    assert.equal(await getClientForOwner(db, stranger.id, id), null)
    assert.equal(await updateClient(db, stranger.id, id, confidentialInput({ name: 'Hijacked', redirectUris: 'https://attacker.example/cb' }), context), null)
    assert.equal(await rotateClientSecret(db, stranger.id, id, context), null)
    assert.equal(await deleteClient(db, stranger.id, id, context), false)

    assert.deepEqual(await rowOf(id), before)
    assert.equal((await getClientForOwner(db, owner.id, id))?.name, before.name)
    assert.equal((await auditEventsOfType(db, 'client.updated', id)).length, 0)
    assert.equal((await auditEventsOfType(db, 'client.secret_rotated', id)).length, 0)
    assert.equal((await auditEventsOfType(db, 'client.deleted', id)).length, 0)
  })

  it('unknown and garbage ids answer null', async () => {
    assert.equal(await getClientForOwner(db, owner.id, 'gh_doesnotexist'), null)
    assert.equal(await getClientForOwner(db, owner.id, 'x'.repeat(5000)), null)
    assert.equal(await updateClient(db, owner.id, '', confidentialInput(), context), null)
  })
})
