import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { safeReturnTo } from '@/lib/auth/accounts'

describe('safeReturnTo (open redirect)', () => {
  it('keeps local paths with their query', () => {
    assert.equal(safeReturnTo('/account'), '/account')
    assert.equal(safeReturnTo('/oauth/authorize?client_id=a&state=x%20y'), '/oauth/authorize?client_id=a&state=x%20y')
    assert.equal(safeReturnTo('/'), '/')
  })

  it('drops the fragment', () => {
    assert.equal(safeReturnTo('/account#section'), '/account')
  })

  it('normalises dot segments without leaving the origin', () => {
    assert.equal(safeReturnTo('/a/../b'), '/b')
    assert.equal(safeReturnTo('/../../etc'), '/etc')
  })

  const attacks = [
    '//evil.example',
    '//evil.example/path',
    '///evil.example',
    '/\\evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http://evil.example/account',
    'HTTPS://evil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%0a/evil.example'.replace('%0a', '\u000a'),
    ' /account',
    '',
  ]
  for (const attack of attacks) {
    it(`falls back for ${JSON.stringify(attack)}`, () => {
      assert.equal(safeReturnTo(attack), '/account')
      assert.equal(safeReturnTo(attack, '/'), '/')
    })
  }

  it('falls back for non-strings and absurd lengths', () => {
    assert.equal(safeReturnTo(undefined), '/account')
    assert.equal(safeReturnTo(['/a', '/b']), '/account')
    assert.equal(safeReturnTo(42), '/account')
    assert.equal(safeReturnTo('/' + 'a'.repeat(5000)), '/account')
  })

  it('never returns something a browser would resolve to another host', () => {
    for (const candidate of ['/x', '/%2F%2Fevil.example', '/.//evil.example', '/%5Cevil.example']) {
      const result = safeReturnTo(candidate)
      assert.equal(new URL(result, 'https://gatehouse.test').host, 'gatehouse.test', `${candidate} → ${result}`)
    }
  })
})
