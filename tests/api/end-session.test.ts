// OpenID Connect RP-Initiated Logout 1.0 at /oauth/logout: the decision (lib/oauth/endpoints/end-session.ts).
// Ending the session itself (row + cookie) is the route's job and is covered end to end in
// tests/e2e/connected-apps.spec.ts.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SignJWT, generateKeyPair } from 'jose'
import { closeDatabase, database } from '../helpers/database'
import { makeClient, makeUser } from '../helpers/oauth'
import { userTokens } from '../helpers/tokens'
import type { Client, User } from '@/db/schema'
import { updateOwnedClient } from '@/db/queries/clients'
import { config } from '@/lib/config'
import { confirmationToken, decideEndSession, LOGGED_OUT_PATH, type EndSessionDecision, type EndSessionParameters } from '@/lib/oauth/endpoints/end-session'
import { mintIdToken } from '@/lib/oauth/tokens/id-token'
import { OAuthError } from '@/lib/oauth/errors'
import type { ProtocolResponse } from '@/lib/contract'
import { toWebResponse } from '@/lib/response'

after(closeDatabase)

const BYE = 'https://rp.example.test/bye'
let user: User
let client: Client
let secret: string
let idToken: string
before(async () => {
  user = await makeUser()
  const made = await makeClient(user)
  client = (await updateOwnedClient(await database(), user.id, made.client.id, { postLogoutRedirectUris: [BYE] }))!
  secret = made.secret!
  idToken = (await userTokens(client, secret, user, 'openid')).id_token!
})

const session = (userId = user.id) => ({ id: '00000000-0000-4000-8000-000000000001', userId })
const decide = async (params: EndSessionParameters, current = session(), method = 'GET') => decideEndSession(await database(), { method, params }, current)

function redirectOf(decision: EndSessionDecision): string {
  assert.equal(decision.endSession, true, 'expected the session to end')
  return (decision as { redirectTo: string }).redirectTo
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'invalid_request')
    return error.description
  }
  assert.fail('expected the request to be refused')
}

describe('RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0)', () => {
  it('a valid id_token_hint for the logged-in user and a registered post_logout_redirect_uri: session ends, redirect with state echoed', async () => {
    const decision = await decide({ id_token_hint: idToken, post_logout_redirect_uri: BYE, state: 'st 1' })
    assert.equal(redirectOf(decision), `${BYE}?state=st+1`)
    assert.equal((decision as { clientId: string }).clientId, client.id)
  })

  it('an unregistered post_logout_redirect_uri is refused and never redirected to', async () => {
    assert.match(await refusal(decide({ id_token_hint: idToken, post_logout_redirect_uri: 'https://evil.example/bye', state: 's' })), /not registered/)
    // Exact match only: a prefix or a different query is another URI.
    assert.match(await refusal(decide({ id_token_hint: idToken, post_logout_redirect_uri: `${BYE}?x=1` })), /not registered/)
  })

  it('no post_logout_redirect_uri: the session ends and the browser goes to the local logged-out page', async () => {
    assert.equal(redirectOf(await decide({ id_token_hint: idToken, state: 'ignored' })), LOGGED_OUT_PATH)
  })

  it('an expired id_token_hint is still accepted (§2)', async () => {
    const expired = await mintIdToken({ subject: user.id, clientId: client.id, authTime: new Date(), now: new Date(Date.now() - 2 * config().ID_TOKEN_TTL * 1000) })
    assert.equal(redirectOf(await decide({ id_token_hint: expired, post_logout_redirect_uri: BYE })), BYE)
  })

  it('a hint signed by a key that is not ours is refused', async () => {
    const { privateKey } = await generateKeyPair('RS256')
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).setIssuer(config().ISSUER).setSubject(user.id)
      .setAudience(client.id).setIssuedAt().setExpirationTime('1h').sign(privateKey)
    assert.match(await refusal(decide({ id_token_hint: forged, post_logout_redirect_uri: BYE })), /id_token_hint is invalid/)
  })

  it('an access token is no id_token_hint', async () => {
    const tokens = await userTokens(client, secret, user, 'openid')
    assert.match(await refusal(decide({ id_token_hint: tokens.access_token })), /id_token_hint is invalid/)
  })

  it('a client_id that differs from the hint\'s audience is refused (§2 MUST)', async () => {
    const { client: other } = await makeClient(user)
    assert.match(await refusal(decide({ id_token_hint: idToken, client_id: other.id })), /does not match/)
  })

  it('a post_logout_redirect_uri with neither client_id nor id_token_hint is refused', async () => {
    assert.match(await refusal(decide({ post_logout_redirect_uri: BYE })), /needs a client_id/)
  })

  it('logout CSRF: without an id_token_hint the user confirms first, with a token bound to the session', async () => {
    const asked = await decide({ client_id: client.id, post_logout_redirect_uri: BYE, state: 'abc' })
    assert.equal(asked.endSession, false)
    const page = toWebResponse((asked as { response: ProtocolResponse }).response)
    assert.equal(page.status, 200)
    const html = await page.text()
    assert.match(html, /<button class="button" type="submit">Log out<\/button>/)
    assert.ok(html.includes(`name="confirm" value="${confirmationToken(session().id)}"`))
    assert.match(page.headers.get('content-security-policy')!, /frame-ancestors 'none'/)
    const confirmed = await decide({ client_id: client.id, post_logout_redirect_uri: BYE, state: 'abc', confirm: confirmationToken(session().id) }, session(), 'POST')
    assert.equal(redirectOf(confirmed), `${BYE}?state=abc`)
    assert.match(await refusal(decide({ client_id: client.id, confirm: confirmationToken('another-session') }, session(), 'POST')), /confirmation is invalid/)
  })

  it('a hint for another user than the logged-in one asks for confirmation', async () => {
    const someoneElse = await makeUser()
    const decision = await decide({ id_token_hint: idToken }, session(someoneElse.id))
    assert.equal(decision.endSession, false)
  })

  it('nobody logged in: nothing to end, straight to the registered URI', async () => {
    assert.equal(redirectOf(await decide({ client_id: client.id, post_logout_redirect_uri: BYE, state: 'z' }, null as never)), `${BYE}?state=z`)
  })

  it('a relying party\'s POST is replayed as GET so the SameSite=Lax session cookie comes along', async () => {
    const decision = await decide({ id_token_hint: idToken, post_logout_redirect_uri: BYE, state: 's' }, null as never, 'POST')
    assert.equal(decision.endSession, false)
    const location = (decision as { response: ProtocolResponse }).response.headers.Location
    const url = new URL(location, config().ISSUER)
    assert.equal(url.pathname, '/oauth/logout')
    assert.equal(url.searchParams.get('id_token_hint'), idToken)
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), BYE)
    assert.equal(url.searchParams.get('state'), 's')
  })
})
