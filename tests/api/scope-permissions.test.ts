// Permission levels: a token's scope = requested ∩ the client's allowed ∩ what the user
// holds. A restricted scope reaches a token only through a user who holds the permission.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Client, User } from '@/db/schema'
import { insertMissingScopes } from '@/db/queries/scopes'
import { updateClientAsAdmin } from '@/db/queries/admin-clients'
import { grantPermissions, revokePermissions } from '@/lib/admin/permissions'
import { addScope } from '@/lib/admin/scopes'
import { invalidateScopeCatalog } from '@/lib/oauth/scopes/catalog'
import { basic, makeClient, makeUser, obtainCode, PASSWORD, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

const token = serve
after(closeDatabase)

let scopeName: string
let client: Client
let secret: string
let owner: User

before(async () => {
  const db = await database()
  owner = await makeUser()
  scopeName = `${unique('res')}:write`
  const added = await addScope(db, owner.id, { name: scopeName, description: 'Change resources', restricted: true }, {})
  assert.ok(added.ok)
  // The admin scope is restricted too; admins hold it implicitly.
  await insertMissingScopes(db, [{ name: 'admin', description: 'Administer Gatehouse', restricted: true }])
  invalidateScopeCatalog()
  const made = await makeClient(owner, { scopes: ['openid', 'offline_access', scopeName, 'admin'], grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'] })
  client = made.client
  secret = made.secret!
})

async function scopeOfCodeFlowToken(user: User, scope: string): Promise<string> {
  const { code, verifier, redirectUri } = await obtainCode(client, user, { scope })
  const response = await token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, { authorization: basic(client.id, secret) }))
  assert.equal(response.status, 200)
  return (await response.json()).scope
}

describe('restricted scopes in tokens', () => {
  it('a user without the permission does not get the restricted scope, even when the client may ask for it', async () => {
    const user = await makeUser()
    assert.equal(await scopeOfCodeFlowToken(user, `openid ${scopeName}`), 'openid')
  })

  it('a user holding the permission gets it', async () => {
    const db = await database()
    const user = await makeUser()
    const granted = await grantPermissions(db, user, [scopeName], owner.id)
    assert.ok(granted.ok)
    assert.equal(await scopeOfCodeFlowToken(granted.user, `openid ${scopeName}`), `openid ${scopeName}`)
  })

  it('taking the permission away stops new tokens carrying it', async () => {
    const db = await database()
    const user = await makeUser({ permissions: [scopeName] })
    const revoked = await revokePermissions(db, user, [scopeName], owner.id)
    assert.ok(revoked.ok)
    assert.equal(await scopeOfCodeFlowToken(revoked.user, `openid ${scopeName}`), 'openid')
  })

  it('a permission does not reach a client that is not allowed the scope', async () => {
    const user = await makeUser({ permissions: [scopeName] })
    const other = await makeClient(owner, { scopes: ['openid'] })
    const { code, verifier, redirectUri } = await obtainCode(other.client, user, { scope: 'openid' })
    const response = await token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, scope: scopeName }, { authorization: basic(other.client.id, other.secret!) }))
    // The code's scope was fixed at authorization; the restricted one was never part of it.
    const body = await response.json()
    assert.ok(!String(body.scope ?? '').includes(scopeName))
  })

  it('only admins get the admin scope', async () => {
    const plain = await makeUser()
    assert.equal(await scopeOfCodeFlowToken(plain, 'openid admin'), 'openid')
    const admin = await makeUser({ isAdmin: true })
    assert.equal(await scopeOfCodeFlowToken(admin, 'openid admin'), 'openid admin')
  })

  it('client_credentials: a restricted scope follows the client owner, who does not hold it', async () => {
    const response = await token(tokenRequest({ grant_type: 'client_credentials', scope: scopeName }, { authorization: basic(client.id, secret) }))
    assert.equal(response.status, 400)
    assert.equal((await response.json()).error, 'invalid_scope')
  })

  it('the password grant applies the same rule', async () => {
    const db = await database()
    const { client: legacy, secret: legacySecret } = await makeClient(owner, { scopes: ['openid', scopeName], grantTypes: ['authorization_code'] })
    await updateClientAsAdmin(db, legacy.id, { passwordGrantEnabled: true })
    const without = await makeUser()
    const holder = await makeUser({ permissions: [scopeName] })
    const ask = (user: User) => token(tokenRequest({ grant_type: 'password', username: user.username, password: PASSWORD, scope: `openid ${scopeName}` }, { authorization: basic(legacy.id, legacySecret!) }))
    const denied = await ask(without)
    assert.equal(denied.status, 200)
    assert.equal((await denied.json()).scope, 'openid')
    assert.equal((await (await ask(holder)).json()).scope, `openid ${scopeName}`)
  })
})
