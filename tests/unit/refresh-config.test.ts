import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, parseConfig } from '@/lib/config'

const base = { AUTH_SECRET: 'config-test-secret-that-is-long-enough-0123', DATA_DIR: '/nonexistent-unused' }

describe('refresh settings', () => {
  it('default to a 30 s grace period and a 30-day absolute family lifetime', () => {
    const config = parseConfig(base)
    assert.equal(config.REFRESH_GRACE_SECONDS, 30)
    assert.equal(config.REFRESH_TOKEN_ABSOLUTE_TTL, 2_592_000)
  })

  it('accept 0 for the grace period (disabled)', () => {
    assert.equal(parseConfig({ ...base, REFRESH_GRACE_SECONDS: '0' }).REFRESH_GRACE_SECONDS, 0)
  })

  for (const [variable, value] of [['REFRESH_GRACE_SECONDS', '301'], ['REFRESH_GRACE_SECONDS', '-1'], ['REFRESH_TOKEN_ABSOLUTE_TTL', '0']] as const) {
    it(`refuse ${variable}=${value} and name the variable`, () => {
      assert.throws(() => parseConfig({ ...base, [variable]: value }), (error: unknown) => error instanceof ConfigError && error.message.includes(`${variable}: `))
    })
  }
})
