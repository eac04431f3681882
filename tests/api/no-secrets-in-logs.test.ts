// No token, secret, password or code in any log line or audit row. Runs a whole flow through the lib
// handlers with every log line captured (debug included) and looks for each secret it handled.
import { closeDatabase, database, unique } from '../helpers/database'
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { eq, or } from 'drizzle-orm'
import { auditEvents } from '@/db/schema'
import { logIn, signUp } from '@/lib/auth/accounts'
import { createClient } from '@/lib/clients/registry'
import { config } from '@/lib/config'
import { reloadLogLevel, setLogSink } from '@/lib/log'
import { ensureBuiltinScopes } from '@/lib/oauth/scopes/catalog'
import { basic, obtainCode, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

after(closeDatabase)

describe('logs carry no secret', () => {
  it('a full flow — sign-up, client, code, tokens, refresh, revoke — leaves no password, secret, code or token in any log line or audit row', async () => {
    const lines: string[] = []
    const previousLevel = process.env.LOG_LEVEL
    process.env.LOG_LEVEL = 'debug'
    reloadLogLevel()
    setLogSink((line) => lines.push(line))
    const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const
    const originals = consoleMethods.map((name) => console[name])
    for (const name of consoleMethods) console[name] = (...args: unknown[]) => { lines.push(args.map(String).join(' ')) }
    const secrets: Record<string, string> = {}
    try {
      const db = await database()
      await ensureBuiltinScopes(db)
      const token = serve
      const password = `pw-${unique('p')}-secret`
      secrets.password = password
      const username = unique('logs')
      const signed = await signUp(db, { username, email: `${username}@example.test`, password }, { ip: '192.0.2.50', userAgent: 'log-test' })
      assert.ok(signed.ok)
      const wrongPassword = `wrong-${unique('w')}`
      secrets.wrongPassword = wrongPassword
      assert.equal((await logIn(db, { login: username, password: wrongPassword }, { ip: '192.0.2.50' })).ok, false)
      assert.ok((await logIn(db, { login: username, password }, { ip: '192.0.2.50' })).ok)
      const created = await createClient(db, signed.user.id, {
        name: unique('Log app '), type: 'confidential', redirectUris: ['https://rp.example.test/callback'],
        grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'profile', 'offline_access'],
      }, {})
      assert.ok(created.ok, JSON.stringify(!created.ok && created.errors))
      const { client } = created
      secrets.clientSecret = created.secret!
      const auth = basic(client.id, created.secret!)
      const { code, verifier, redirectUri } = await obtainCode(client, signed.user, { scope: 'openid profile offline_access', nonce: 'nonce-value-123' })
      secrets.code = code
      secrets.verifier = verifier
      const issued = await token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, { authorization: auth }))
      assert.equal(issued.status, 200)
      const first = await issued.json()
      Object.assign(secrets, { accessToken: first.access_token, refreshToken: first.refresh_token, idToken: first.id_token })
      // A replayed code and a wrong secret take the error paths, which log reasons.
      assert.equal((await token(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, { authorization: auth }))).status, 400)
      assert.equal((await token(tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }, { authorization: basic(client.id, 'not-the-secret-value') }))).status, 401)
      const refreshed = await token(tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token }, { authorization: auth }))
      assert.equal(refreshed.status, 400, 'the code replay above revoked the grant')
      // A fresh grant for the refresh and revoke steps.
      const second = await obtainCode(client, signed.user, { scope: 'openid offline_access' })
      secrets.secondCode = second.code
      const body = await (await token(tokenRequest({ grant_type: 'authorization_code', code: second.code, code_verifier: second.verifier, redirect_uri: second.redirectUri }, { authorization: auth }))).json()
      const rotated = await (await token(tokenRequest({ grant_type: 'refresh_token', refresh_token: body.refresh_token }, { authorization: auth }))).json()
      assert.ok(rotated.access_token)
      Object.assign(secrets, { secondAccess: body.access_token, secondRefresh: body.refresh_token, rotatedAccess: rotated.access_token, rotatedRefresh: rotated.refresh_token })
      assert.equal((await serve(new Request(`${config().ISSUER}/api/resources`, { headers: { authorization: `Bearer ${rotated.access_token}` } }))).status, 200)
      // Revocation (RFC 7009).
      const revoked = await serve(new Request(`${config().ISSUER}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth }, body: new URLSearchParams({ token: rotated.refresh_token }).toString() }))
      assert.equal(revoked.status, 200)
      const audit = await db.select().from(auditEvents).where(or(eq(auditEvents.actorUserId, signed.user.id), eq(auditEvents.subjectUserId, signed.user.id), eq(auditEvents.clientId, client.id)))
      assert.ok(audit.length >= 6)
      lines.push(...audit.map((row) => JSON.stringify(row)))
    } finally {
      setLogSink((line) => process.stdout.write(line + '\n'))
      consoleMethods.forEach((name, index) => { console[name] = originals[index] })
      if (previousLevel === undefined) delete process.env.LOG_LEVEL
      else process.env.LOG_LEVEL = previousLevel
      reloadLogLevel()
    }
    // The capture worked: one access line per protocol request, with a request id and no query.
    const requests = lines.filter((line) => line.includes('"msg":"request"')).map((line) => JSON.parse(line))
    assert.ok(requests.length >= 7, `captured ${requests.length} request lines`)
    for (const entry of requests) {
      assert.match(entry.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-z]{8}$/)
      assert.ok(!entry.path.includes('?'))
    }
    assert.ok(Object.keys(secrets).length >= 12)
    for (const [name, value] of Object.entries(secrets)) {
      assert.ok(value && value.length >= 8, name)
      const leaking = lines.find((line) => line.includes(value))
      assert.equal(leaking, undefined, `${name} appears in: ${leaking}`)
    }
  })
})
