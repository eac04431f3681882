import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { formatScope, isScopeToken, MAX_SCOPE_TOKENS, parseScope } from '@/lib/oauth/scopes/syntax'

describe('parseScope (RFC 6749 §3.3)', () => {
  it('splits a space-delimited list into tokens in order', () => {
    assert.deepEqual(parseScope('openid profile email'), ['openid', 'profile', 'email'])
  })

  it('reads an empty parameter as no scope', () => {
    assert.deepEqual(parseScope(''), [])
  })

  it('drops duplicates, keeping the first occurrence', () => {
    assert.deepEqual(parseScope('openid email openid profile email'), ['openid', 'email', 'profile'])
  })

  it('is case-sensitive: OpenID is not openid', () => {
    assert.deepEqual(parseScope('openid OpenID'), ['openid', 'OpenID'])
  })

  it('tolerates runs of spaces and leading or trailing spaces', () => {
    assert.deepEqual(parseScope('  openid   profile '), ['openid', 'profile'])
  })

  it('accepts every printable scope-token character (%x21 / %x23-5B / %x5D-7E)', () => {
    assert.deepEqual(parseScope('api:read https://api.example.com/orders.write a!#[]~'), ['api:read', 'https://api.example.com/orders.write', 'a!#[]~'])
  })

  for (const [value, what] of [
    ['openid\tprofile', 'a tab as delimiter'],
    ['openid\nprofile', 'a newline'],
    ['openid "profile"', 'a double quote (%x22)'],
    ['read\\write', 'a backslash (%x5C)'],
    ['openid\u00a0profile', 'a non-breaking space'],
    ['écrire', 'a non-ASCII letter'],
    ['openid\u0000', 'a NUL byte'],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.equal(parseScope(value), null)
    })
  }

  it('refuses absurdly many or long tokens', () => {
    assert.equal(parseScope(Array.from({ length: MAX_SCOPE_TOKENS + 1 }, (_, i) => `s${i}`).join(' ')), null)
    assert.equal(parseScope('a'.repeat(129)), null)
    assert.equal(isScopeToken('a'.repeat(128)), true)
  })

  it('formats tokens back into the wire form', () => {
    assert.equal(formatScope(['openid', 'profile']), 'openid profile')
    assert.equal(formatScope([]), '')
  })
})
