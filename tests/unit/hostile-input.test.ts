import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseParameters } from '@/lib/http'
import { OAuthError } from '@/lib/oauth/errors'
import { pageNumber } from '@/lib/page-number'
import { bodyProblem, isCleanTarget, isCrossOriginRequest, isOriginFormTarget, pageRequestProblem } from '@/lib/request-target'
import { hasControlCharacter, hasInvisibleCharacter } from '@/lib/text'

const issuer = 'https://auth.example.com'

describe('hostile text', () => {
  it('bidi spoofing: every bidirectional control and invisible format character is found', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']
    const invisible = ['\u200b', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u2028', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f']
    for (const character of [...bidi, ...invisible]) {
      assert.ok(hasInvisibleCharacter(`Pay${character}Pal`), `U+${character.codePointAt(0)!.toString(16)}`)
    }
    for (const name of ['PayPal', 'Café Crème', 'Zürich Bank', 'מערכת', 'ログイン', 'a b-c_d.e']) assert.equal(hasInvisibleCharacter(name), false, name)
  })

  it('NUL injection: control characters are found, printable text is not', () => {
    assert.ok(hasControlCharacter('a\u0000b'))
    assert.ok(hasControlCharacter('a\nb'))
    assert.equal(hasControlCharacter('a\u202eb'), false)
    assert.equal(hasControlCharacter('state-~._ %!'), false)
  })

  it('NUL injection at the protocol edge: a control character in any declared parameter is invalid_request', () => {
    for (const encoded of ['client_id=a%00b', 'state=%00', 'nonce=x%0Ay', 'login_hint=%1B[31m']) {
      assert.throws(() => parseParameters(encoded, ['client_id', 'state', 'nonce', 'login_hint']), (error) => error instanceof OAuthError && error.code === 'invalid_request', encoded)
    }
    assert.deepEqual(parseParameters('unknown=%00&client_id=app', ['client_id']), { client_id: 'app' })
  })
})

describe('request targets', () => {
  it('host spoofing via the request line: absolute-form and asterisk-form targets are refused', () => {
    assert.equal(isOriginFormTarget('http://evil.example/api/health'), false)
    assert.equal(isOriginFormTarget('*'), false)
    assert.equal(isOriginFormTarget('evil.example:443'), false)
    assert.ok(isOriginFormTarget('/api/health?x=1'))
  })

  it('broken percent-encoding and encoded controls are unclean; ordinary addresses are clean', () => {
    for (const target of ['/clients/%ff', '/clients/%E0%A4%A', '/admin/users?q=%00', '/consent?request=%00', '/x?%zz=1', '/a%0d%0aSet-Cookie:x']) {
      assert.equal(isCleanTarget(target), false, target)
    }
    for (const target of ['/', '/clients/abc_DEF-123', '/admin/users?q=caf%C3%A9+bar&page=2', '/login?return_to=%2Faccount', '/x?a&b=']) {
      assert.ok(isCleanTarget(target), target)
    }
  })

  it('protocol paths are left to their own RFC error rendering', () => {
    assert.equal(pageRequestProblem('GET', '/oauth/authorize?client_id=%00', new Headers(), issuer), null)
    assert.equal(pageRequestProblem('POST', '/oauth/token', new Headers({ origin: 'https://rp.example' }), issuer), null)
    assert.equal(pageRequestProblem('GET', '/clients/%ff', new Headers(), issuer)?.status, 400)
  })

  it('a server action sent to a protocol path from another origin is refused like any cross-site form post', () => {
    assert.equal(pageRequestProblem('POST', '/oauth/logout/Infinity', new Headers({ origin: 'null', 'next-action': '0' }), issuer)?.status, 403)
    assert.equal(pageRequestProblem('POST', '/oauth/logout/Infinity', new Headers({ origin: 'null' }), issuer), null)
  })
})

describe('request bodies', () => {
  const post = (body: BodyInit, type: string, headers: Record<string, string> = {}) => new Request('http://localhost/login', { method: 'POST', body, headers: { 'content-type': type, ...headers } })

  it('a multipart body without or against its boundary is unreadable', async () => {
    assert.ok(await bodyProblem(post('x', 'multipart/form-data')))
    assert.ok(await bodyProblem(post('garbage', 'multipart/form-data; boundary=xyz')))
  })

  it('NUL injection through a form field or a server action argument is found', async () => {
    const form = new FormData()
    form.set('email', 'a\u0000@example.test')
    assert.ok(await bodyProblem(new Request('http://localhost/signup', { method: 'POST', body: form })))
    assert.ok(await bodyProblem(post('login=a%00b', 'application/x-www-form-urlencoded')))
    assert.ok(await bodyProblem(post(JSON.stringify(['a\u0000b']), 'text/plain;charset=UTF-8', { 'next-action': 'a'.repeat(42) })))
  })

  it('ordinary forms and action calls pass, and GET is never read', async () => {
    const form = new FormData()
    form.set('login', 'alice')
    form.set('redirectUris', 'https://a.example/cb\r\nhttps://b.example/cb')
    assert.equal(await bodyProblem(new Request('http://localhost/login', { method: 'POST', body: form })), null)
    assert.equal(await bodyProblem(post('login=alice&password=x', 'application/x-www-form-urlencoded')), null)
    assert.equal(await bodyProblem(post(JSON.stringify(['alice']), 'text/plain;charset=UTF-8', { 'next-action': 'a'.repeat(42) })), null)
    assert.equal(await bodyProblem(new Request('http://localhost/login')), null)
  })
})

describe('cross-site requests', () => {
  it('CSRF: a form posted from another origin is refused', () => {
    assert.ok(isCrossOriginRequest(new Headers({ origin: 'https://evil.example', host: 'auth.example.com' }), issuer))
    assert.ok(isCrossOriginRequest(new Headers({ origin: 'null', host: 'auth.example.com' }), issuer))
    assert.ok(isCrossOriginRequest(new Headers({ origin: 'https://app.example.com', host: 'auth.example.com' }), issuer), 'a sibling subdomain is same-site, not same-origin')
    assert.ok(isCrossOriginRequest(new Headers({ 'sec-fetch-site': 'same-site', host: 'auth.example.com' }), issuer))
    assert.ok(isCrossOriginRequest(new Headers({ 'sec-fetch-site': 'cross-site' }), issuer))
    assert.equal(pageRequestProblem('POST', '/logout', new Headers({ origin: 'https://evil.example', host: 'auth.example.com' }), issuer)?.status, 403)
  })

  it('same-origin posts, top-level navigations and non-browser clients pass', () => {
    assert.equal(isCrossOriginRequest(new Headers({ origin: issuer, host: 'internal:3000' }), issuer), false)
    assert.equal(isCrossOriginRequest(new Headers({ origin: 'http://127.0.0.1:4050', host: '127.0.0.1:4050' }), issuer), false)
    assert.equal(isCrossOriginRequest(new Headers({ 'sec-fetch-site': 'same-origin' }), issuer), false)
    assert.equal(isCrossOriginRequest(new Headers({ 'sec-fetch-site': 'none' }), issuer), false)
    assert.equal(isCrossOriginRequest(new Headers(), issuer), false)
    assert.equal(pageRequestProblem('GET', '/login', new Headers({ origin: 'https://evil.example' }), issuer), null)
  })
})

describe('page numbers', () => {
  it('huge, negative, fractional and repeated page numbers read as a page within bounds', () => {
    assert.equal(pageNumber('99999999999999999999'), 1_000_000)
    assert.equal(pageNumber('1e308'), 1)
    assert.equal(pageNumber('-5'), 1)
    assert.equal(pageNumber('2.5'), 1)
    assert.equal(pageNumber(['3', '4']), 3)
    assert.equal(pageNumber('1000000'), 1_000_000)
    assert.equal(pageNumber(Number.MAX_VALUE), 1_000_000)
    assert.equal(pageNumber('7'), 7)
  })
})
