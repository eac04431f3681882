import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { log, redact, reloadLogLevel, setLogSink } from '@/lib/log'

describe('redact (no token, secret, password or code in any log)', () => {
  it('hides values under secret-looking keys', () => {
    const redacted = redact({
      password: 'hunter22', newPassword: 'x', client_secret: 's', clientSecret: 's', access_token: 't', refresh_token: 'r',
      code: 'c', code_verifier: 'v', authorization: 'Basic abc', cookie: 'gatehouse_session=x', passwordHash: '$2b$', id_token: 'j',
      client_assertion: 'a', username: 'alice', client_id: 'app',
    }) as Record<string, unknown>
    for (const key of ['password', 'newPassword', 'client_secret', 'clientSecret', 'access_token', 'refresh_token', 'code', 'code_verifier',
      'authorization', 'cookie', 'passwordHash', 'id_token', 'client_assertion']) {
      assert.equal(redacted[key], '[redacted]', key)
    }
    assert.equal(redacted.username, 'alice')
    assert.equal(redacted.client_id, 'app')
  })

  it('keeps error and status codes, which are not secrets', () => {
    assert.deepEqual(redact({ error_code: 'invalid_grant', statusCode: 401, error: 'invalid_client' }), { error_code: 'invalid_grant', statusCode: 401, error: 'invalid_client' })
  })

  it('walks nested objects and arrays', () => {
    assert.deepEqual(redact({ request: { body: { refresh_token: 'r', scope: 'openid' } }, list: [{ token: 't', n: 1 }] }),
      { request: { body: { refresh_token: '[redacted]', scope: 'openid' } }, list: [{ token: '[redacted]', n: 1 }] })
  })

  it('reduces errors to name and message', () => {
    assert.deepEqual(redact({ error: new TypeError('boom') }), { error: { name: 'TypeError', message: 'boom' } })
  })

  it('leaves primitives alone', () => {
    assert.equal(redact('plain'), 'plain')
    assert.equal(redact(null), null)
    assert.equal(redact(7), 7)
  })
})

describe('log', () => {
  const lines: string[] = []
  setLogSink((line) => lines.push(line))
  after(() => setLogSink((line) => process.stdout.write(line + '\n')))

  it('writes one JSON object per line with time, level and message, redacted', () => {
    lines.length = 0
    log.warn('login failed', { username: 'alice', password: 'hunter22-secret', nested: { access_token: 'eyJ-token' } })
    assert.equal(lines.length, 1)
    const entry = JSON.parse(lines[0])
    assert.equal(entry.level, 'warn')
    assert.equal(entry.msg, 'login failed')
    assert.ok(!Number.isNaN(Date.parse(entry.time)))
    assert.equal(entry.username, 'alice')
    assert.ok(!lines[0].includes('hunter22-secret'))
    assert.ok(!lines[0].includes('eyJ-token'))
  })

  it('drops debug lines unless LOG_LEVEL=debug', () => {
    lines.length = 0
    const previous = process.env.LOG_LEVEL
    try {
      delete process.env.LOG_LEVEL
      reloadLogLevel()
      log.debug('quiet')
      assert.equal(lines.length, 0)
      process.env.LOG_LEVEL = 'debug'
      reloadLogLevel()
      log.debug('loud')
      assert.equal(lines.length, 1)
    } finally {
      if (previous === undefined) delete process.env.LOG_LEVEL
      else process.env.LOG_LEVEL = previous
      reloadLogLevel()
    }
  })
})
