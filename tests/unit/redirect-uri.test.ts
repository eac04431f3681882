import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { isLoopbackIpRedirectUri, matchRedirectUri, MAX_REDIRECT_URI_LENGTH, redirectUriProblem } from '@/lib/oauth/redirect-uri'

describe('redirect URI registration (RFC 6749 §3.1.2, RFC 9700 §2.1, RFC 8252 §7)', () => {
  const accepted: [string, 'confidential' | 'public'][] = [
    ['https://app.example.com/callback', 'confidential'],
    ['https://app.example.com/callback?tenant=7', 'confidential'],
    ['https://app.example.com:8443/cb', 'confidential'],
    ['http://127.0.0.1/callback', 'public'],
    ['http://127.0.0.1:8080/callback', 'confidential'],
    ['http://[::1]:51004/cb', 'public'],
    ['http://localhost:3000/callback', 'confidential'],
    ['com.example.app:/oauth2redirect', 'public'],
    ['com.example.app://callback', 'public'],
  ]
  for (const [uri, type] of accepted) {
    it(`accepts ${uri} for a ${type} client`, () => {
      assert.equal(redirectUriProblem(uri, type), null)
    })
  }

  const refused: [string, 'confidential' | 'public', RegExp, string][] = [
    ['/callback', 'confidential', /absolute URI/, 'a relative reference'],
    ['app.example.com/callback', 'confidential', /absolute URI/, 'a URI without a scheme'],
    ['https://app.example.com/callback#done', 'confidential', /fragment/, 'a fragment (RFC 6749 §3.1.2)'],
    ['https://app.example.com/callback#', 'confidential', /fragment/, 'an empty fragment'],
    ['https://*.example.com/callback', 'confidential', /Wildcards/, 'a wildcard host (RFC 9700 §4.1.3)'],
    ['https://app.example.com/*', 'confidential', /Wildcards/, 'a wildcard path'],
    ['https://user:pass@app.example.com/callback', 'confidential', /user name or password/, 'userinfo'],
    ['https://evil.example@app.example.com/callback', 'confidential', /user name or password/, 'a user name that looks like a host'],
    ['https://@app.example.com/callback', 'confidential', /user name or password/, 'an empty userinfo'],
    ['http://app.example.com/callback', 'confidential', /Use https/, 'http on a public host (RFC 9700 §2.6)'],
    ['http://localhost.evil.example/callback', 'public', /Use https/, 'http on a host that only starts with localhost'],
    ['http://192.168.1.10/callback', 'public', /Use https/, 'http on a private but non-loopback address'],
    ['com.example.app:/callback', 'confidential', /only for public/, 'a private-use scheme on a confidential client'],
    ['myapp:/callback', 'public', /reverse-domain/, 'a private-use scheme that is not a reverse domain (RFC 8252 §7.1)'],
    ['javascript:alert(1)', 'public', /reverse-domain/, 'javascript:'],
    ['data:text/html,hi', 'public', /reverse-domain/, 'data:'],
    ['https://app.example.com/call back', 'confidential', /spaces/, 'a space'],
    ['https://app.example.com/\tcallback', 'confidential', /control/, 'a tab the URL parser would drop'],
    ['https:\\\\evil.example/callback', 'confidential', /backslashes/, 'backslashes the URL parser turns into slashes'],
    ['https:///callback', 'confidential', /host right after/, 'an empty authority'],
    ['https://', 'confidential', /valid absolute URI/, 'no host at all'],
    ['', 'confidential', /Enter a URI/, 'an empty string'],
    [`https://app.example.com/${'a'.repeat(MAX_REDIRECT_URI_LENGTH)}`, 'confidential', /at most/, 'an over-long URI'],
  ]
  for (const [uri, type, message, what] of refused) {
    it(`refuses ${what}`, () => {
      const problem = redirectUriProblem(uri, type)
      assert.ok(problem, `expected a problem for ${JSON.stringify(uri)}`)
      assert.match(problem, message)
    })
  }
})

describe('matchRedirectUri: exact string match (RFC 9700 §4.1.3) with the loopback port exception (RFC 8252 §7.3)', () => {
  const registered = ['https://app.example.com/callback', 'https://app.example.com/other?x=1']

  it('matches an identical registered URI', () => {
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/callback'), true)
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/other?x=1'), true)
  })

  it('refuses a URI that differs only in case of the host or scheme', () => {
    assert.equal(matchRedirectUri(registered, 'https://APP.example.com/callback'), false)
    assert.equal(matchRedirectUri(registered, 'HTTPS://app.example.com/callback'), false)
  })

  it('refuses a URI that differs only in case of the path', () => {
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/Callback'), false)
  })

  it('refuses an added or removed trailing slash', () => {
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/callback/'), false)
    assert.equal(matchRedirectUri(['https://app.example.com/'], 'https://app.example.com'), false)
  })

  it('refuses an extra or changed query string', () => {
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/callback?next=/admin'), false)
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/other?x=2'), false)
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/other'), false)
  })

  it('refuses a sub-path, a fragment, and percent-encoded variants', () => {
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/callback/../evil'), false)
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/callback#x'), false)
    assert.equal(matchRedirectUri(registered, 'https://app.example.com/%63allback'), false)
  })

  it('refuses a different port on a non-loopback host, including the explicit default port', () => {
    assert.equal(matchRedirectUri(registered, 'https://app.example.com:8443/callback'), false)
    assert.equal(matchRedirectUri(registered, 'https://app.example.com:443/callback'), false)
  })

  it('refuses a look-alike host (open redirect through a suffix or userinfo)', () => {
    assert.equal(matchRedirectUri(registered, 'https://app.example.com.evil.example/callback'), false)
    assert.equal(matchRedirectUri(registered, 'https://app.example.com@evil.example/callback'), false)
  })

  it('lets the port of a 127.0.0.1 redirect vary', () => {
    const loopback = ['http://127.0.0.1/callback']
    assert.equal(matchRedirectUri(loopback, 'http://127.0.0.1:51234/callback'), true)
    assert.equal(matchRedirectUri(['http://127.0.0.1:8080/callback'], 'http://127.0.0.1:9090/callback'), true)
    assert.equal(matchRedirectUri(['http://127.0.0.1:8080/callback'], 'http://127.0.0.1/callback'), true)
  })

  it('lets the port of an [::1] redirect vary', () => {
    assert.equal(matchRedirectUri(['http://[::1]/cb'], 'http://[::1]:60000/cb'), true)
  })

  it('keeps the path and query of a loopback redirect exact', () => {
    assert.equal(matchRedirectUri(['http://127.0.0.1/callback'], 'http://127.0.0.1:5000/callback/'), false)
    assert.equal(matchRedirectUri(['http://127.0.0.1/callback'], 'http://127.0.0.1:5000/other'), false)
    assert.equal(matchRedirectUri(['http://127.0.0.1/callback'], 'http://127.0.0.1:5000/callback?x=1'), false)
  })

  it('does not treat localhost and 127.0.0.1 (or ::1) as the same host', () => {
    assert.equal(matchRedirectUri(['http://127.0.0.1/callback'], 'http://localhost/callback'), false)
    assert.equal(matchRedirectUri(['http://localhost/callback'], 'http://127.0.0.1/callback'), false)
    assert.equal(matchRedirectUri(['http://127.0.0.1/callback'], 'http://[::1]/callback'), false)
  })

  it('gives localhost no port exception (RFC 8252 §8.3 names only the IP literals)', () => {
    assert.equal(matchRedirectUri(['http://localhost:3000/callback'], 'http://localhost:4000/callback'), false)
    assert.equal(matchRedirectUri(['http://localhost:3000/callback'], 'http://localhost:3000/callback'), true)
  })

  it('gives https on loopback no port exception', () => {
    assert.equal(matchRedirectUri(['https://127.0.0.1:8443/cb'], 'https://127.0.0.1:9443/cb'), false)
  })

  it('refuses a loopback redirect with an invalid port or a non-IP loopback spelling', () => {
    assert.equal(matchRedirectUri(['http://127.0.0.1/cb'], 'http://127.0.0.1:99999/cb'), false)
    assert.equal(matchRedirectUri(['http://127.0.0.1/cb'], 'http://127.0.0.1:0/cb'), false)
    assert.equal(matchRedirectUri(['http://127.0.0.1/cb'], 'http://127.0.0.1:/cb'), false)
    assert.equal(matchRedirectUri(['http://127.0.0.1/cb'], 'http://127.1:5000/cb'), false)
    assert.equal(matchRedirectUri(['http://127.0.0.1/cb'], 'http://127.0.0.1.evil.example:5000/cb'), false)
  })

  it('matches nothing against an empty registration', () => {
    assert.equal(matchRedirectUri([], 'https://app.example.com/callback'), false)
    assert.equal(matchRedirectUri([], 'http://127.0.0.1:5000/callback'), false)
  })

  it('recognises loopback IP redirect URIs', () => {
    assert.equal(isLoopbackIpRedirectUri('http://127.0.0.1:5000/cb'), true)
    assert.equal(isLoopbackIpRedirectUri('http://[::1]/cb'), true)
    assert.equal(isLoopbackIpRedirectUri('http://localhost/cb'), false)
    assert.equal(isLoopbackIpRedirectUri('https://127.0.0.1/cb'), false)
  })
})
