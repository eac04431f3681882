// A user whose password was generated or set by an administrator (first admin, admin CLI) must
// replace it before it opens anything: authorization requests wait for the change and resume
// after it, and the password grant refuses such a user.
import { closeDatabase, database } from '../helpers/database'
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { updateClientAsAdmin } from '@/db/queries/admin-clients'
import { findUserById } from '@/db/queries/users'
import { changePassword } from '@/lib/auth/accounts'
import { createSession } from '@/lib/auth/sessions'
import { config } from '@/lib/config'
import { continueAuthorization } from '@/lib/oauth/interaction'
import { PASSWORD, authorizeResponse, authorizeUrl, basic, locationOf, makeClient, makeUser, pkcePair, sessionOf, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

after(closeDatabase)
const token = serve

async function setUp() {
  const user = await makeUser({ mustChangePassword: true })
  const { client, secret } = await makeClient(user, { redirectUris: ['https://rp.example.test/callback'] })
  const params = { client_id: client.id, redirect_uri: 'https://rp.example.test/callback', response_type: 'code', scope: 'openid', state: 'st-1', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' }
  return { user, client, secret: secret!, params }
}

describe('must-change-password at /oauth/authorize', () => {
  it('sends the user to choose a new password, then back to the pending authorization, which goes on', async () => {
    const db = await database()
    const { user, params } = await setUp()
    const response = await authorizeResponse(authorizeUrl(params), sessionOf(user))
    assert.equal(response.status, 303)
    const location = new URL(response.headers.get('location')!, config().ISSUER)
    assert.equal(location.pathname, '/account')
    assert.equal(location.searchParams.get('must_change_password'), '1')
    const returnTo = new URL(location.searchParams.get('return_to')!, config().ISSUER)
    assert.equal(returnTo.pathname, '/oauth/authorize/continue')
    const requestId = returnTo.searchParams.get('request')!

    // Still the one-time password: the continuation sends the user back to change it.
    const again = await continueAuthorization(db, requestId, sessionOf(user))
    assert.equal(again.kind, 'change_password')
    assert.match(locationOf(again)!.pathname + locationOf(again)!.search, /^\/account\?must_change_password=1&return_to=/)

    const session = await createSession(db, user.id, {})
    const changed = await changePassword(db, user, session.session.id, { currentPassword: PASSWORD, newPassword: 'a brand new password' }, {})
    assert.ok(changed.ok)
    const fresh = (await findUserById(db, user.id))!
    assert.equal(fresh.mustChangePassword, false)
    const resumed = await continueAuthorization(db, requestId, sessionOf(fresh))
    assert.deepEqual(resumed, { kind: 'consent', requestId }, 'the pending authorization goes on to consent')
  })

  it('prompt=none answers interaction_required at the redirect URI instead of a page', async () => {
    const { user, params } = await setUp()
    const response = await authorizeResponse(authorizeUrl({ ...params, prompt: 'none' }), sessionOf(user))
    const location = new URL(response.headers.get('location')!)
    assert.equal(location.origin + location.pathname, 'https://rp.example.test/callback')
    assert.equal(location.searchParams.get('error'), 'interaction_required')
    assert.equal(location.searchParams.get('state'), 'st-1')
  })
})

describe('must-change-password at the password grant', () => {
  it('refuses a one-time password with invalid_grant and says what to do', async () => {
    const db = await database()
    const { user, client, secret } = await setUp()
    await updateClientAsAdmin(db, client.id, { passwordGrantEnabled: true })
    const response = await token(tokenRequest({ grant_type: 'password', username: user.username, password: PASSWORD, scope: 'openid' }, { authorization: basic(client.id, secret) }))
    assert.equal(response.status, 400)
    const body = await response.json()
    assert.equal(body.error, 'invalid_grant')
    assert.match(body.error_description, /one-time password.*choose a new one/)
    assert.equal(body.access_token, undefined)
  })
})
