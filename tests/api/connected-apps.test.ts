// Connected apps on /account (OAuth 2.1 §7.9): what a user authorized, and Revoke.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { closeDatabase, database } from '../helpers/database'
import { makeClient, makeUser } from '../helpers/oauth'
import { bearerGet, refresh, userTokens } from '../helpers/tokens'
import { auditEventsOfType } from '../helpers/audit'
import { findConsent } from '@/db/queries/consents'
import { listConnectedApps, revokeConnectedApp } from '@/lib/oauth/connected-apps'
import { serve } from '../helpers/serve'

after(closeDatabase)
const resource = serve

describe('connected apps', () => {
  it('lists every client the user authorized with its scopes and dates, and nobody else\'s', async () => {
    const user = await makeUser()
    const { client: first, secret: firstSecret } = await makeClient(user)
    const { client: second, secret: secondSecret } = await makeClient(user)
    await userTokens(first, firstSecret!, user, 'openid profile')
    await userTokens(second, secondSecret!, user, 'openid email offline_access')
    const apps = await listConnectedApps(await database(), user.id)
    assert.deepEqual(apps.map((app) => app.clientId).sort(), [first.id, second.id].sort())
    const secondApp = apps.find((app) => app.clientId === second.id)!
    assert.equal(secondApp.clientName, second.name)
    assert.deepEqual(secondApp.scopes.sort(), ['email', 'offline_access', 'openid'])
    assert.ok(secondApp.authorizedAt instanceof Date && secondApp.authorizedAt <= secondApp.lastAuthorizedAt)
    assert.deepEqual(await listConnectedApps(await database(), (await makeUser()).id), [])
  })

  it('Revoke removes the consent and kills every grant: refresh fails with invalid_grant, access tokens are refused; audited', async () => {
    const user = await makeUser()
    const { client, secret } = await makeClient(user)
    const one = await userTokens(client, secret!, user)
    const two = await userTokens(client, secret!, user)
    assert.equal(await revokeConnectedApp(await database(), user.id, client.id, {}), true)
    assert.equal(await findConsent(await database(), user.id, client.id), null)
    for (const tokens of [one, two]) {
      const refreshed = await refresh(client, secret!, tokens.refresh_token!)
      assert.equal((await refreshed.json()).error, 'invalid_grant')
      assert.equal((await resource(bearerGet('/api/resources', tokens.access_token))).status, 401)
    }
    assert.deepEqual(await listConnectedApps(await database(), user.id), [])
    const events = await auditEventsOfType(await database(), 'consent.revoked', client.id)
    assert.equal(events[0]?.actorUserId, user.id)
  })

  it('a user can only revoke their own authorizations: another user\'s stay intact', async () => {
    const owner = await makeUser()
    const intruder = await makeUser()
    const { client, secret } = await makeClient(owner)
    const tokens = await userTokens(client, secret!, owner)
    assert.equal(await revokeConnectedApp(await database(), intruder.id, client.id, {}), false)
    assert.equal((await refresh(client, secret!, tokens.refresh_token!)).status, 200)
    assert.ok(await findConsent(await database(), owner.id, client.id))
  })
})
