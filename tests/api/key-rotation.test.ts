// Signing-key rotation: old tokens stay valid while new ones carry the new kid, retired
// keys' tokens are refused, rotated-out keys leave the JWKS once their tokens have expired, and
// another instance notices a rotation at once on an unknown kid.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { decodeProtectedHeader } from 'jose'
import { closeDatabase, database } from '../helpers/database'
import { makeUserWithClient } from '../helpers/oauth'
import { bearerGet, userTokens } from '../helpers/tokens'
import type { Client, User } from '@/db/schema'
import { auditEventsOfType } from '../helpers/audit'
import { listPublishedKeys } from '@/db/queries/keys'
import { config } from '@/lib/config'
import { KeyManagementError, listKeys, retireSigningKey, rotateKeys } from '@/lib/keys/management'
import { longestTokenLifetimeSeconds, publicationCutoff, loadPublishedKeys, loadVerificationKey } from '@/lib/keys/store'
import { mintAccessToken } from '@/lib/oauth/tokens/access-token'
import { serve } from '../helpers/serve'

after(closeDatabase)
const resource = serve

let user: User
let client: Client
let secret: string
before(async () => {
  ({ user, client, secret } = await makeUserWithClient())
})

const kidOf = (token: string) => decodeProtectedHeader(token).kid!
const jwksKids = async () => ((await (await serve(new Request(`${config().ISSUER}/.well-known/jwks.json`))).json()).keys as { kid: string }[]).map((key) => key.kid)

describe('rotation', () => {
  it('keeps tokens signed by the old keys valid while new tokens carry the new kids; audited', async () => {
    const before = await userTokens(client, secret, user)
    const kids = await rotateKeys(await database(), {})
    assert.equal(kids.length, 2)
    const after = await userTokens(client, secret, user)
    assert.notEqual(kidOf(after.access_token), kidOf(before.access_token))
    assert.ok(kids.includes(kidOf(after.access_token)))
    assert.ok(kids.includes(kidOf(after.id_token!)))
    assert.equal((await resource(bearerGet('/api/resources', before.access_token))).status, 200)
    assert.equal((await resource(bearerGet('/api/resources', after.access_token))).status, 200)
    const published = await jwksKids()
    for (const kid of [kidOf(before.access_token), kidOf(before.id_token!), ...kids]) assert.ok(published.includes(kid), `${kid} published`)
    const events = await auditEventsOfType(await database(), 'key.rotated')
    assert.ok(events.some((event) => JSON.stringify(event.details).includes(kids[0])))
  })

  it('a rotated-out key leaves the JWKS by itself once every token it signed has expired', async () => {
    await rotateKeys(await database(), {})
    const rotatedOut = (await listKeys(await database())).find((key) => key.rotatedOutAt && !key.retiredAt)!
    const expiry = rotatedOut.rotatedOutAt!.getTime() + longestTokenLifetimeSeconds() * 1000
    const publishedAt = async (instant: number) => (await listPublishedKeys(await database(), publicationCutoff(new Date(instant)))).map((key) => key.kid)
    assert.ok((await publishedAt(expiry - 1000)).includes(rotatedOut.kid))
    assert.ok(!(await publishedAt(expiry + 1000)).includes(rotatedOut.kid))
    assert.ok(rotatedOut.tokensValidUntil && rotatedOut.tokensValidUntil.getTime() === expiry)
  })
})

describe('retirement', () => {
  it('refuses a key that still signs', async () => {
    const signing = (await loadPublishedKeys()).find((key) => key.alg === 'ES256' && !key.rotatedOutAt)!
    await assert.rejects(retireSigningKey(await database(), signing.kid, { force: true }), (error: unknown) => error instanceof KeyManagementError && /still signs/.test(error.message))
  })

  it('refuses, unless forced, while tokens it signed may still be valid; once forced its tokens are refused', async () => {
    // Retire only a key this test made sign, so nothing else on a shared database depends on it.
    await rotateKeys(await database(), {})
    const signedByMiddle = await mintAccessToken({ subject: 'gh_rotation_probe', clientId: client.id, scope: 'reports:read' })
    const middleKid = kidOf(signedByMiddle.token)
    const tokens = await userTokens(client, secret, user)
    assert.equal(kidOf(tokens.access_token), middleKid)
    await rotateKeys(await database(), {})
    assert.equal((await resource(bearerGet('/api/resources', tokens.access_token))).status, 200)
    await assert.rejects(retireSigningKey(await database(), middleKid), (error: unknown) => error instanceof KeyManagementError && /--force/.test(error.message))
    await retireSigningKey(await database(), middleKid, { force: true })
    assert.ok(!(await jwksKids()).includes(middleKid))
    const refused = await resource(bearerGet('/api/resources', tokens.access_token))
    assert.equal(refused.status, 401)
    assert.match(refused.headers.get('www-authenticate')!, /error="invalid_token"/)
    await assert.rejects(retireSigningKey(await database(), middleKid, { force: true }), /already retired/)
    const events = await auditEventsOfType(await database(), 'key.retired')
    assert.ok(events.some((event) => event.details?.kid === middleKid && event.details?.forced === true))
  })

  it('retires without --force once its tokens have expired', async () => {
    await rotateKeys(await database(), {})
    const rotatedOut = (await listKeys(await database())).find((key) => key.rotatedOutAt && !key.retiredAt)!
    await retireSigningKey(await database(), rotatedOut.kid, { now: new Date(rotatedOut.tokensValidUntil!.getTime() + 1000) })
    assert.ok((await listKeys(await database())).find((key) => key.kid === rotatedOut.kid)!.retiredAt)
  })

  it('an unknown kid is refused', async () => {
    await assert.rejects(retireSigningKey(await database(), 'no-such-kid'), /No signing key/)
  })
})

describe('several instances', () => {
  it('another instance picks up a rotation at once when it meets an unknown kid, and within the refresh interval otherwise', async () => {
    const holder = globalThis as unknown as { __gatehouseKeys?: { keys: unknown[]; loadedAt: number; lastForced: number; loading?: Promise<unknown> } }
    await loadPublishedKeys()
    const instanceA = holder.__gatehouseKeys!
    // Instance B: its own key cache; it rotates and signs with the new key.
    holder.__gatehouseKeys = undefined
    await rotateKeys(await database(), {})
    const fromB = await userTokens(client, secret, user)
    // Back on instance A, whose cache is fresh but does not know the new kid.
    holder.__gatehouseKeys = instanceA
    instanceA.lastForced = 0
    assert.equal(await loadVerificationKey('kid-nobody-has'), null)
    instanceA.lastForced = 0
    assert.equal((await resource(bearerGet('/api/resources', fromB.access_token))).status, 200)
    // A stale cache (older than KEY_REFRESH_INTERVAL_MS) re-reads, so A signs with the new key too.
    holder.__gatehouseKeys = undefined
    await loadPublishedKeys()
    const staleSigner = holder.__gatehouseKeys!
    await rotateKeys(await database(), {})
    holder.__gatehouseKeys = staleSigner
    staleSigner.loadedAt = Date.now() - 61_000
    await loadPublishedKeys()
    await staleSigner.loading
    const newest = (await listKeys(await database())).find((key) => key.alg === 'ES256' && !key.rotatedOutAt)!
    const minted = await mintAccessToken({ subject: 'gh_probe', clientId: client.id, scope: 'reports:read' })
    assert.equal(kidOf(minted.token), newest.kid)
  })
})

describe('npm run keys', () => {
  it(config().usingPglite ? 'refuses politely while another process holds the embedded database' : 'lists the keys with kid, alg and dates', async () => {
    const run = promisify(execFile)
    const result = await run('npx', ['tsx', 'scripts/keys.ts', 'list'], { env: process.env, cwd: process.cwd() }).then(
      (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    )
    if (config().usingPglite) {
      assert.equal(result.code, 1)
      assert.match(result.stderr, /is in use by process \d+\. Stop that process first/)
      assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/)
    } else {
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^kid\s+alg\s+created\s+rotated-out\s+retired/)
      const signing = (await loadPublishedKeys()).find((key) => !key.rotatedOutAt)!
      assert.ok(result.stdout.includes(signing.kid))
    }
  })
})
