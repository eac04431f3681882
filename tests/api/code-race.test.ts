// Exactly one winner under races (OAuth 2.1 §4.1.3, RFC 9700 §4.14.2), through the token
// endpoint handler. Meaningful on PostgreSQL (DATABASE_URL): PGlite runs one statement at a time.
import { closeDatabase, database } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Client, User } from '@/db/schema'
import { findGrant } from '@/db/queries/grants'
import { basic, makeUserWithClient, obtainCode, tokenRequest } from '../helpers/oauth'
import { grantOf, usableRefreshTokens } from '../helpers/refresh'
import { bearerGet, refresh, userTokens } from '../helpers/tokens'
import { serve } from '../helpers/serve'

const token = serve
const resource = (accessToken: string) => serve(bearerGet('/api/resources', accessToken))
const PARALLEL = 20
const ROUNDS = 5

after(closeDatabase)

let fixture: { user: User; client: Client; secret: string }
before(async () => { fixture = await makeUserWithClient() })

/** Requests arrive spread over a few milliseconds, as they do over HTTP, not in one tick. */
async function staggered<T>(index: number, send: () => Promise<T>): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, index % 10))
  return send()
}

async function statusesAndBodies(answers: Response[]): Promise<{ status: number; body: Record<string, string> }[]> {
  return Promise.all(answers.map(async (answer) => ({ status: answer.status, body: await answer.json() as Record<string, string> })))
}

describe('parallel redemptions', () => {
  it(`${PARALLEL} parallel redemptions of one code: exactly one 200, then the replay revocation reaches its tokens`, async () => {
    const { user, client, secret } = fixture
    // Several rounds: the window between a winner's consumption and its issuance was narrow.
    for (let round = 0; round < ROUNDS; round++) {
      const { code, verifier, redirectUri } = await obtainCode(client, user)
      const redeem = () => token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, { authorization: basic(client.id, secret) }))
      const answers = await statusesAndBodies(await Promise.all(Array.from({ length: PARALLEL }, (_, index) => staggered(index, redeem))))
      const winners = answers.filter((answer) => answer.status === 200)
      assert.equal(winners.length, 1, `round ${round}, statuses: ${answers.map((answer) => answer.status).join(' ')}`)
      assert.deepEqual(answers.filter((answer) => answer.status !== 200).map((answer) => answer.body.error), Array(PARALLEL - 1).fill('invalid_grant'))
      // OAuth 2.1 §4.1.3: the code was replayed, so the tokens issued from it are revoked.
      assert.equal((await resource(winners[0].body.access_token)).status, 401)
      assert.equal((await refresh(client, secret, winners[0].body.refresh_token)).status, 400)
    }
  })

  it(`${PARALLEL} parallel refreshes of one token: no family lost, exactly one usable refresh token at the end`, async () => {
    const { user, client, secret } = fixture
    const first = (await userTokens(client, secret, user)).refresh_token!
    const answers = await statusesAndBodies(await Promise.all(Array.from({ length: PARALLEL }, () => refresh(client, secret, first))))
    assert.ok(answers.every((answer) => answer.status === 200 || answer.body.error === 'invalid_grant'), `statuses: ${answers.map((answer) => answer.status).join(' ')}`)
    const issued = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.refresh_token)
    assert.ok(issued.length >= 1, 'at least one refresh succeeds')
    const grant = await grantOf(first)
    assert.equal(grant.revokedAt, null, 'a benign burst never revokes the family')
    assert.equal(await usableRefreshTokens(grant.id, new Date()), 1)
    // Exactly one of the tokens handed out still works, and it carries the family on.
    const uses = await Promise.all(issued.map((refreshToken) => refresh(client, secret, refreshToken)))
    assert.equal(uses.filter((answer) => answer.status === 200).length, 1)
    assert.equal((await findGrant(await database(), grant.id))?.revokedAt, null)
  })
})
