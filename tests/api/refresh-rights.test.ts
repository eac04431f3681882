// Rights are re-checked at every refresh: a refresh applies today's policy (the user's
// permissions, the client's scopes and grant types, the scope catalog), never the consent's,
// and a refresh family ends at its absolute lifetime however often it rotates.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Client, User } from '@/db/schema'
import { updateClientAsAdmin } from '@/db/queries/admin-clients'
import { findClientById } from '@/db/queries/clients'
import { findGrant, findRefreshTokenWithGrant } from '@/db/queries/grants'
import { setClientSetting } from '@/lib/admin/clients'
import { grantPermissions, revokePermissions } from '@/lib/admin/permissions'
import { addScope, removeScope } from '@/lib/admin/scopes'
import { disableUser } from '@/lib/admin/users'
import { updateClient } from '@/lib/clients/registry'
import { config, reloadConfig } from '@/lib/config'
import { sha256 } from '@/lib/crypto'
import { basic, makeClient, makeUser, PASSWORD, tokenRequest } from '../helpers/oauth'
import { grantOf, refreshAt, secondsAfter } from '../helpers/refresh'
import { bearerGet, refresh, userTokens } from '../helpers/tokens'
import { serve } from '../helpers/serve'

after(closeDatabase)

const DAY = 86_400
const token = serve
const resource = (accessToken: string) => serve(bearerGet('/api/resources', accessToken))

let owner: User
let restricted: string

before(async () => {
  owner = await makeUser()
  restricted = `${unique('rights')}:write`
  assert.ok((await addScope(await database(), owner.id, { name: restricted, description: 'Change things', restricted: true }, {})).ok)
})

/** A client allowed the restricted scope, and a user holding it with a code-flow grant for it. */
async function grantWithRestrictedScope(): Promise<{ client: Client; secret: string; user: User; refreshToken: string }> {
  const made = await makeClient(owner, { scopes: ['openid', 'email', 'offline_access', restricted] })
  const granted = await grantPermissions(await database(), await makeUser(), [restricted], owner.id)
  assert.ok(granted.ok)
  const tokens = await userTokens(made.client, made.secret!, granted.user, `openid email offline_access ${restricted}`)
  assert.equal(tokens.scope, `openid email offline_access ${restricted}`)
  return { client: made.client, secret: made.secret!, user: granted.user, refreshToken: tokens.refresh_token! }
}

async function refreshedScope(client: Client, secret: string, refreshToken: string): Promise<{ scope: string; refreshToken: string; accessToken: string }> {
  const response = await refresh(client, secret, refreshToken)
  const body = await response.json()
  assert.equal(response.status, 200, JSON.stringify(body))
  return { scope: body.scope, refreshToken: body.refresh_token, accessToken: body.access_token }
}

describe('rights re-checked at refresh', () => {
  it('a permission taken from the user drops out at refresh, and stays out of the successor', async () => {
    const { client, secret, user, refreshToken } = await grantWithRestrictedScope()
    assert.ok((await revokePermissions(await database(), user, [restricted], owner.id)).ok)
    const next = await refreshedScope(client, secret, refreshToken)
    assert.equal(next.scope, 'openid email offline_access')
    assert.ok((await grantPermissions(await database(), { ...user, permissions: [] }, [restricted], owner.id)).ok)
    assert.equal((await refreshedScope(client, secret, next.refreshToken)).scope, 'openid email offline_access', 'a new consent is needed to get it back')
  })

  it('a scope removed from the client drops out at refresh', async () => {
    const { client, secret, refreshToken } = await grantWithRestrictedScope()
    const updated = await updateClient(await database(), owner.id, client.id, {
      name: client.name, type: client.type, redirectUris: client.redirectUris, grantTypes: client.grantTypes,
      scopes: ['openid', 'offline_access', restricted],
    }, {})
    assert.ok(updated?.ok)
    assert.equal((await refreshedScope(updated.client, secret, refreshToken)).scope, `openid offline_access ${restricted}`)
  })

  it('a scope deleted from the catalog drops out at refresh', async () => {
    const doomed = `${unique('doomed')}:read`
    assert.ok((await addScope(await database(), owner.id, { name: doomed, description: 'Soon gone', restricted: false }, {})).ok)
    const made = await makeClient(owner, { scopes: ['openid', 'offline_access', doomed] })
    const tokens = await userTokens(made.client, made.secret!, await makeUser(), `openid offline_access ${doomed}`)
    assert.equal(tokens.scope, `openid offline_access ${doomed}`)
    assert.ok((await removeScope(await database(), owner.id, doomed, {})).ok)
    const client = (await findClientById(await database(), made.client.id))!
    assert.equal((await refreshedScope(client, made.secret!, tokens.refresh_token!)).scope, 'openid offline_access')
  })

  it('nothing left of the grant: invalid_grant', async () => {
    const made = await makeClient(owner, { scopes: ['openid', 'offline_access', restricted] })
    const granted = await grantPermissions(await database(), await makeUser(), [restricted], owner.id)
    assert.ok(granted.ok)
    const tokens = await userTokens(made.client, made.secret!, granted.user, restricted)
    assert.equal(tokens.scope, restricted)
    assert.ok((await revokePermissions(await database(), granted.user, [restricted], owner.id)).ok)
    const response = await refresh(made.client, made.secret!, tokens.refresh_token!)
    assert.equal(response.status, 400)
    assert.equal((await response.json()).error, 'invalid_grant')
  })

  it('a client that loses the refresh_token grant type: refresh refused and its grants revoked', async () => {
    const { client, secret, refreshToken } = await grantWithRestrictedScope()
    const grant = await grantOf(refreshToken)
    const updated = await updateClient(await database(), owner.id, client.id, {
      name: client.name, type: client.type, redirectUris: client.redirectUris, scopes: client.scopes, grantTypes: ['authorization_code'],
    }, {})
    assert.ok(updated?.ok)
    assert.ok((await findGrant(await database(), grant.id))?.revokedAt, 'revoked with the change')
    const response = await refresh(client, secret, refreshToken)
    assert.equal(response.status, 400)
    assert.equal((await response.json()).error, 'unauthorized_client')
  })

  it('a disabled user: grants revoked and refresh refused', async () => {
    const admin = await makeUser({ isAdmin: true })
    const { client, secret, user, refreshToken } = await grantWithRestrictedScope()
    const tokens = await refreshedScope(client, secret, refreshToken)
    assert.ok((await disableUser(await database(), admin.id, user.id, {})).ok)
    assert.ok((await grantOf(tokens.refreshToken)).revokedAt)
    assert.equal((await resource(tokens.accessToken)).status, 401)
    const response = await refresh(client, secret, tokens.refreshToken)
    assert.equal((await response.json()).error, 'invalid_grant')
  })
})

describe('password-grant families follow the admin switch', () => {
  it('turning the password grant off revokes the families it made, not the code-flow ones', async () => {
    const admin = await makeUser({ isAdmin: true })
    const user = await makeUser()
    const { client, secret } = await makeClient(owner)
    assert.ok((await setClientSetting(await database(), admin.id, client.id, 'password_grant', true, {})).ok)
    const response = await token(tokenRequest({ grant_type: 'password', username: user.username, password: PASSWORD, scope: 'openid offline_access' }, { authorization: basic(client.id, secret!) }))
    const legacy = await response.json()
    assert.equal(response.status, 200, JSON.stringify(legacy))
    const codeFlow = await userTokens(client, secret!, user)
    assert.ok((await setClientSetting(await database(), admin.id, client.id, 'password_grant', false, {})).ok)
    assert.ok((await grantOf(legacy.refresh_token)).revokedAt, 'the password grant\'s family is revoked with the switch')
    assert.equal((await refresh(client, secret!, legacy.refresh_token)).status, 400)
    assert.equal((await refresh(client, secret!, codeFlow.refresh_token!)).status, 200, 'the code-flow family lives')
  })

  it('a password-grant family is refused at refresh once the client may no longer use the password grant', async () => {
    const { client, secret } = await makeClient(owner)
    await updateClientAsAdmin(await database(), client.id, { passwordGrantEnabled: true })
    const user = await makeUser()
    const response = await token(tokenRequest({ grant_type: 'password', username: user.username, password: PASSWORD, scope: 'openid offline_access' }, { authorization: basic(client.id, secret!) }))
    const legacy = await response.json()
    assert.equal(response.status, 200, JSON.stringify(legacy))
    // Turned off without the admin console's revocation (another instance's cached client, a direct change).
    const changed = await updateClientAsAdmin(await database(), client.id, { passwordGrantEnabled: false })
    const refused = await refreshAt(changed!, legacy.refresh_token, new Date())
    assert.equal(refused.error?.code, 'invalid_grant')
  })
})

describe('absolute refresh lifetime', () => {
  afterEach(() => {
    delete process.env.REFRESH_TOKEN_TTL
    delete process.env.REFRESH_TOKEN_ABSOLUTE_TTL
    reloadConfig()
  })

  it('the absolute lifetime is not extended by rotation', async () => {
    process.env.REFRESH_TOKEN_TTL = String(10 * DAY)
    process.env.REFRESH_TOKEN_ABSOLUTE_TTL = String(30 * DAY)
    reloadConfig()
    const { client, refreshToken } = await grantWithRestrictedScope()
    const grant = await grantOf(refreshToken)
    const familyEnd = grant.createdAt.getTime() + config().REFRESH_TOKEN_ABSOLUTE_TTL * 1000
    let current = refreshToken
    for (const day of [9, 18, 27]) {
      const answer = await refreshAt(client, current, secondsAfter(grant.createdAt, day * DAY))
      assert.ok(answer.body, `day ${day}: ${answer.error?.detail}`)
      current = answer.body.refresh_token!
    }
    // Rotated on day 27 with a 10-day idle lifetime, yet it ends with the family on day 30.
    assert.equal((await findRefreshTokenWithGrant(await database(), sha256(current)))?.token.expiresAt.getTime(), familyEnd)
    const late = await refreshAt(client, current, new Date(familyEnd + 1000))
    assert.equal(late.error?.code, 'invalid_grant')
  })

  it('the idle lifetime still ends a family that is not used', async () => {
    process.env.REFRESH_TOKEN_TTL = String(10 * DAY)
    reloadConfig()
    const { client, refreshToken } = await grantWithRestrictedScope()
    const grant = await grantOf(refreshToken)
    assert.equal((await refreshAt(client, refreshToken, secondsAfter(grant.createdAt, 11 * DAY))).error?.code, 'invalid_grant')
  })
})
