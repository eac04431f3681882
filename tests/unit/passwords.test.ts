import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PASSWORD_MAX_BYTES, hashPassword, passwordProblem, verifyPassword } from '@/lib/auth/passwords'
import { reloadConfig } from '@/lib/config'

// Configuration is read lazily, at the first hash: keep the suite fast and off any data dir.
process.env.AUTH_SECRET ??= 'unit-test-secret-that-is-long-enough-0123'
process.env.BCRYPT_COST = '4'
reloadConfig()

describe('passwordProblem (over 72 bytes is refused, never truncated)', () => {
  it('accepts 8 characters up to 72 bytes', () => {
    assert.equal(passwordProblem('12345678'), null)
    assert.equal(passwordProblem('a'.repeat(PASSWORD_MAX_BYTES)), null)
  })

  it('refuses fewer than 8 characters', () => {
    assert.match(passwordProblem('1234567') ?? '', /at least 8 characters/)
    assert.match(passwordProblem('') ?? '', /at least 8 characters/)
  })

  it('refuses 73 bytes', () => {
    assert.equal(PASSWORD_MAX_BYTES, 72)
    assert.match(passwordProblem('a'.repeat(73)) ?? '', /at most 72 bytes/)
  })

  it('counts bytes, not characters: 25 euro signs are 75 bytes', () => {
    const euros = '\u20ac'.repeat(25)
    assert.equal(euros.length, 25)
    assert.match(passwordProblem(euros) ?? '', /at most 72 bytes/)
    assert.equal(passwordProblem('\u20ac'.repeat(24)), null) // 72 bytes exactly
  })
})

describe('hashPassword / verifyPassword', () => {
  it('stores a bcrypt hash at the configured cost, never the password', async () => {
    const hash = await hashPassword('correct horse battery')
    assert.match(hash, /^\$2[aby]\$04\$/)
    assert.ok(!hash.includes('correct horse'))
    assert.equal(await verifyPassword('correct horse battery', hash), true)
    assert.equal(await verifyPassword('correct horse batterY', hash), false)
  })

  it('refuses to hash a password it would truncate', async () => {
    await assert.rejects(hashPassword('a'.repeat(73)), /at most 72 bytes/)
    await assert.rejects(hashPassword('short'), /at least 8 characters/)
  })

  it('does not accept a longer password that only shares the first 72 bytes', async () => {
    const exact = 'p'.repeat(PASSWORD_MAX_BYTES)
    const hash = await hashPassword(exact)
    assert.equal(await verifyPassword(exact, hash), true)
    assert.equal(await verifyPassword(exact + 'anything', hash), false)
  })

  it('answers false for an unknown account (no hash) after doing the same work', async () => {
    assert.equal(await verifyPassword('whatever-password', null), false)
  })
})
