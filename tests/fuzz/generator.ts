// Builds hostile requests from a seeded PRNG: control characters, broken percent-encoding, huge
// numbers, repeated and unknown parameters, odd methods, odd content types and raw request lines.
import type { Random } from './prng'
import type { RawRequest } from './raw-http'
import { fillSegments } from './targets'

const PARAMETER_NAMES = [
  // protocol parameters (authorize, token, revoke, introspect, logout, userinfo)
  'client_id', 'client_secret', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method',
  'nonce', 'prompt', 'max_age', 'login_hint', 'response_mode', 'request', 'request_uri', 'grant_type', 'code', 'code_verifier',
  'refresh_token', 'username', 'password', 'token', 'token_type_hint', 'access_token', 'id_token_hint', 'post_logout_redirect_uri',
  'logout_hint', 'ui_locales', 'confirm',
  // page parameters
  'q', 'page', 'return_to', 'event', 'user', 'client', 'from', 'to', 'must_change_password', 'login', 'id', 'userId', 'permissions',
  // nobody's
  'unknown', '__proto__', 'constructor', '$ACTION_ID_x', 'a[]', '',
]

const GOOD_VALUES = ['code', 'openid profile', 'S256', 'none', 'login consent', 'authorization_code', 'refresh_token', 'client_credentials', 'password', 'http://127.0.0.1/cb', 'https://example.com/cb', 'access_token', '1']

// Values already percent-encoded (some deliberately broken).
const ENCODED_VALUES = [
  '%00', 'a%00b', '%01', '%1b%5b31m', '%7f', '%c2%85', '%0d%0aSet-Cookie:%20x=1', '%09', '%0a',
  '%', '%f', '%zz', '%ff', '%fe%ff', '%E0%A4%A', '%ed%a0%80', '%c0%af', '%f4%90%80%80', '%25', '%2525',
  '%e2%80%ae', '%e2%80%8b', '%ef%bb%bf', '%f0%9f%98%80', '%uD800', '..%2f..%2fetc%2fpasswd',
  '99999999999999999999', '-1', '0', '1e308', '-0', 'NaN', 'Infinity', '0x7fffffff', '9007199254740993', '1.5', '00000000001',
  "'%20OR%201=1--", '%22%3E%3Cscript%3E', '%5B%5D', '%7B%7D', 'null', 'undefined', 'true', '+', '%20%20',
]

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO', 'get']

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=ISO-8859-1',
  'APPLICATION/X-WWW-FORM-URLENCODED', 'multipart/form-data', 'multipart/form-data; boundary=xyz', 'application/json', 'text/plain',
  'text/plain;charset=UTF-8', 'application/octet-stream', 'application/x-www-form-urlencoded, application/json', '', '*/*', 'x'.repeat(300),
]

function randomText(random: Random, length: number): string {
  let text = ''
  for (let index = 0; index < length; index++) text += String.fromCharCode(0x21 + random.int(0x5e))
  return encodeURIComponent(text)
}

export function parameterValue(random: Random, knownIds: readonly string[]): string {
  switch (random.int(6)) {
    case 0: return random.pick(GOOD_VALUES)
    case 1: return knownIds.length ? random.pick(knownIds) : 'x'
    case 2: return randomText(random, 1 + random.int(40))
    case 3: return random.chance(0.1) ? 'A'.repeat(5000 + random.int(20_000)) : randomText(random, 200)
    default: {
      const value = random.pick(ENCODED_VALUES)
      return random.chance(0.5) ? `${random.pick(GOOD_VALUES)}${value}` : value
    }
  }
}

/** A query string or form body: known and unknown names, repeats, empty and valueless pairs. */
export function parameterString(random: Random, knownIds: readonly string[]): string {
  const pairs: string[] = []
  const count = random.int(7)
  for (let index = 0; index < count; index++) {
    const name = random.chance(0.1) ? random.pick(ENCODED_VALUES) : random.pick(PARAMETER_NAMES)
    const value = parameterValue(random, knownIds)
    pairs.push(random.chance(0.05) ? name : `${name}=${value}`)
    if (random.chance(0.15)) pairs.push(`${name}=${parameterValue(random, knownIds)}`) // repeated
  }
  return random.chance(0.05) ? pairs.join('&&') : pairs.join('&')
}

function segment(random: Random, knownIds: readonly string[]): string {
  return random.chance(0.3) && knownIds.length ? random.pick(knownIds) : random.pick([...ENCODED_VALUES, 'abc', 'x'.repeat(200), '..', '.', '%2e%2e', ''])
}

function bodyFor(random: Random, knownIds: readonly string[]): Buffer {
  switch (random.int(8)) {
    case 0: return Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]) // not UTF-8
    case 1: return Buffer.from(JSON.stringify({ client_id: '\u0000', grant_type: ['a', 'b'], nested: { deep: 1 } }))
    case 2: return Buffer.from('--xyz\r\nContent-Disposition: form-data; name="login"\r\n\r\n\u0000admin\r\n--xyz--\r\n')
    case 3: return Buffer.alloc(17 * 1024 + random.int(4096), 'a') // past the form limit
    case 4: return Buffer.alloc(0)
    default: return Buffer.from(parameterString(random, knownIds), 'latin1')
  }
}

const AUTHORIZATIONS = [
  () => `Basic ${Buffer.from('\u0000:secret').toString('base64')}`,
  () => `Basic ${Buffer.from('%00:%ff').toString('base64')}`,
  () => 'Basic !!!', () => 'Basic', () => 'Bearer', () => 'Bearer a.b.c', () => 'Bearer eyJhbGciOiJub25lIn0.e30.', () => 'Negotiate abc',
  () => `Bearer ${'a'.repeat(9000)}`, () => 'Basic YTpi, Basic YTpi',
]

export interface FuzzContext { random: Random; routes: readonly string[]; knownIds: readonly string[]; sessionCookie: string | null }

/** One request through the ordinary request line (origin-form target). */
export function fuzzRequest(context: FuzzContext): RawRequest {
  const { random, knownIds } = context
  let path = fillSegments(random.pick(context.routes), () => segment(random, knownIds))
  if (random.chance(0.1)) path += `/${segment(random, knownIds)}`
  if (random.chance(0.03)) path = path.replace('/', '//')
  const query = random.chance(0.6) ? `?${parameterString(random, knownIds)}` : ''
  const method = random.pick(METHODS)
  const headers: [string, string][] = []
  if (context.sessionCookie && random.chance(0.5)) headers.push(['Cookie', context.sessionCookie])
  else if (random.chance(0.05)) headers.push(['Cookie', `gatehouse_session=${random.pick(ENCODED_VALUES)}`])
  if (random.chance(0.15)) headers.push(['Authorization', random.pick(AUTHORIZATIONS)()])
  if (random.chance(0.2)) headers.push(['Origin', random.pick(['https://evil.example', 'null', 'http://127.0.0.1', '%ff', ''])])
  if (random.chance(0.1)) headers.push(['Sec-Fetch-Site', random.pick(['cross-site', 'same-site', 'same-origin', 'none', 'bogus'])])
  if (random.chance(0.1)) headers.push(['Next-Action', random.pick(['0', 'x'.repeat(42), '7f'.repeat(21), '%00', ''])])
  if (random.chance(0.05)) headers.push(['X-Request-Id', random.pick(['\u00ff\u00fe', 'a'.repeat(500), 'ok-request-id-123'])])
  if (random.chance(0.05)) headers.push(['Accept', random.pick(['text/x-component', 'application/json', '*/*;q=0', 'text/html'])])
  if (random.chance(0.05)) headers.push(['RSC', '1'])
  if (random.chance(0.05)) headers.push(['Range', random.pick(['bytes=0-0', 'bytes=99999999999999999999-', 'bytes=x'])])
  let body: Buffer | undefined
  if (method !== 'GET' && method !== 'HEAD' && method !== 'get') {
    body = bodyFor(random, knownIds)
    const contentType = random.pick(CONTENT_TYPES)
    if (contentType) headers.push(['Content-Type', contentType])
  }
  return { method, target: path + query, headers, body }
}

/** Request lines that never come from a browser: absolute-form, asterisk-form, authority-form,
 * raw bytes, odd versions and headers. Returned as the bytes to send. */
export function rawRequestBytes(random: Random, port: number, routes: readonly string[]): { description: string; bytes: Buffer } {
  const route = fillSegments(random.pick(routes), () => 'abc')
  const host = `127.0.0.1:${port}`
  const choices: (() => string)[] = [
    () => `GET http://evil.example${route} HTTP/1.1\r\nHost: ${host}\r\n`,
    () => `GET http://${host}${route} HTTP/1.1\r\nHost: evil.example\r\n`,
    () => `POST https://evil.example${route} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\n`,
    () => `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\n`,
    () => `GET * HTTP/1.1\r\nHost: ${host}\r\n`,
    () => `CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n`,
    () => `GET ${route} HTTP/1.0\r\n`,
    () => `GET ${route} HTTP/1.1\r\n`, // no Host
    () => `GET ${route} HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n`,
    () => `GET ${route}?a=\u0000 HTTP/1.1\r\nHost: ${host}\r\n`,
    () => `GET ${route}\u00ff HTTP/1.1\r\nHost: ${host}\r\n`,
    () => `GET ${route} HTTP/1.1\r\nHost: ${host}\r\nX-Folded: a\r\n b\r\n`,
    () => `POST ${route} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n`,
    () => `POST ${route} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n`,
    () => `POST ${route} HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\n`,
    () => `GET ${route} HTTP/1.1\r\nHost: ${host}\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: javascript\r\n`,
    () => `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: ${host}\r\n`,
    () => `GET ${route} HTTP/9.9\r\nHost: ${host}\r\n`,
    () => `\r\n\r\nGET ${route} HTTP/1.1\r\nHost: ${host}\r\n`, // empty lines before the request line (RFC 9112 §2.2)
  ]
  const text = `${random.pick(choices)()}Connection: close\r\n\r\n`
  return { description: JSON.stringify(text), bytes: Buffer.from(text, 'latin1') }
}
