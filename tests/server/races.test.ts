// Exactly one winner over HTTP (OAuth 2.1 §4.1.3, RFC 9700 §4.14.2): 20 parallel redemptions of
// one authorization code, and 20 parallel refreshes of one refresh token, sent to built servers
// on one PostgreSQL — the lean server, `next start`, and two instances at once.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startCluster, startServer, stopServer, timed, type RunningServer } from './servers'

const cluster = await startCluster()
process.env.DATABASE_URL = cluster.url
const { closeDatabase, database } = await import('../helpers/database')
const { basic, makeUserWithClient, obtainCode } = await import('../helpers/oauth')
const { grantOf, usableRefreshTokens } = await import('../helpers/refresh')

const PARALLEL = 20
let lean: RunningServer, secondLean: RunningServer, next: RunningServer

before(async () => {
  await database()
  ;[lean, secondLean, next] = await Promise.all([
    startServer('lean', { DATABASE_URL: cluster.url }),
    startServer('lean', { DATABASE_URL: cluster.url }),
    startServer('next', { DATABASE_URL: cluster.url }),
  ])
})
after(async () => {
  await Promise.all([lean, secondLean, next].filter(Boolean).map(stopServer))
  await closeDatabase().catch(() => {})
  await cluster.remove()
})

async function tokenCall(server: RunningServer, clientId: string, secret: string, params: Record<string, string>) {
  const answer = await timed(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(clientId, secret) },
    body: new URLSearchParams(params).toString(),
  })
  return { status: answer.status, body: (answer.body ? JSON.parse(answer.body) : {}) as Record<string, string> }
}

const setups: [string, () => RunningServer[]][] = [
  ['the lean server', () => [lean]],
  ['next start', () => [next]],
  ['two lean instances', () => [lean, secondLean]],
]

describe('exactly one winner over HTTP', () => {
  for (const [name, servers] of setups) {
    it(`${PARALLEL} parallel redemptions of one code on ${name}: exactly one 200`, async () => {
      const { user, client, secret } = await makeUserWithClient()
      const { code, verifier, redirectUri } = await obtainCode(client, user)
      const targets = servers()
      const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => tokenCall(targets[index % targets.length], client.id, secret,
        { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri })))
      const statuses = answers.map((answer) => answer.status)
      assert.equal(statuses.filter((status) => status === 200).length, 1, `statuses: ${statuses.join(' ')}`)
      assert.deepEqual(answers.filter((answer) => answer.status !== 200).map((answer) => answer.body.error), Array(PARALLEL - 1).fill('invalid_grant'))
    })

    it(`${PARALLEL} parallel refreshes of one token on ${name}: the family lives with exactly one usable token`, async () => {
      const { user, client, secret } = await makeUserWithClient()
      const { code, verifier, redirectUri } = await obtainCode(client, user)
      const targets = servers()
      const first = await tokenCall(targets[0], client.id, secret, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri })
      assert.equal(first.status, 200)
      const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => tokenCall(targets[index % targets.length], client.id, secret,
        { grant_type: 'refresh_token', refresh_token: first.body.refresh_token })))
      assert.ok(answers.every((answer) => answer.status === 200 || answer.body.error === 'invalid_grant'), `statuses: ${answers.map((answer) => answer.status).join(' ')}`)
      const grant = await grantOf(first.body.refresh_token)
      assert.equal(grant.revokedAt, null, 'a burst of one client never revokes its family')
      assert.equal(await usableRefreshTokens(grant.id, new Date()), 1)
    })
  }
})
