// Client ID metadata documents: an https client_id fetched, validated and cached, and the SSRF
// guards of the fetch (private and loopback addresses, redirects to other hosts, oversize, slow).
import { closeDatabase, database, unique } from '../helpers/database'
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { rootCertificates } from 'node:tls'
import { findClientRegistration } from '@/db/queries/machine-clients'
import { reloadConfig } from '@/lib/config'
import { ensureBuiltinScopes } from '@/lib/oauth/scopes/catalog'
import { addressProblem } from '@/lib/machine/address-policy'
import { documentLifetime, loadMetadataDocumentClient, metadataDocumentClient, trustedCertificates } from '@/lib/machine/metadata-document'
import { authorize, makeUser, pkcePair, sessionOf, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'
import { loopbackCertificate, type TestCertificate } from '../helpers/test-certificate'

after(closeDatabase)

let server: Server
let origin: string
const hits = new Map<string, number>()
let certificate: TestCertificate

// A document for `url` (its own client_id) with a loopback redirect URI.
const documentFor = (url: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  client_id: url, client_name: 'Agent from a document', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code'], scope: 'openid', ...extra,
})

before(async () => {
  certificate = loopbackCertificate()
  server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    const url = `${origin}${request.url}`
    const route = (request.url ?? '').split('/')[1]
    hits.set(request.url ?? '', (hits.get(request.url ?? '') ?? 0) + 1)
    const json = (body: string, headers: Record<string, string> = {}) => { response.writeHead(200, { 'content-type': 'application/json', ...headers }); response.end(body) }
    if (route === 'good') return json(documentFor(url), { 'cache-control': 'max-age=600' })
    if (route === 'wrong-id') return json(documentFor(`${origin}/someone-else`))
    if (route === 'secret') return json(documentFor(url, { token_endpoint_auth_method: 'client_secret_basic' }))
    if (route === 'html') { response.writeHead(200, { 'content-type': 'text/html' }); return response.end(documentFor(url)) }
    if (route === 'big') return json(documentFor(url, { padding: 'x'.repeat(20_000) }))
    if (route === 'slow') return setTimeout(() => json(documentFor(url)), 5000).unref()
    if (route === 'other-host') { response.writeHead(302, { location: `https://localhost:${(server.address() as AddressInfo).port}/good/x` }); return response.end() }
    if (route === 'same-host') {
      if (request.url?.endsWith('/moved')) return json(documentFor(url.replace(/\/moved$/, '')))
      response.writeHead(302, { location: `${request.url}/moved` }); return response.end()
    }
    response.writeHead(404); response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  process.env.CIMD_ALLOW_LOOPBACK = 'true'
  process.env.CIMD_CA_FILE = certificate.certFile
  process.env.CIMD_FETCH_TIMEOUT_MS = '1000'
  reloadConfig()
  await ensureBuiltinScopes(await database())
})
after(() => server?.close())
afterEach(() => {
  process.env.CIMD_ALLOW_LOOPBACK = 'true'
  process.env.CIMD_FETCH_TIMEOUT_MS = '1000'
  reloadConfig()
})

const documentUrl = (route: string) => `${origin}/${route}/${unique('c')}`

describe('client ID metadata documents', () => {
  it('an https client_id is fetched once, kept while fresh, unverified, and works through authorize and token', async () => {
    const clientId = documentUrl('good')
    const db = await database()
    const client = await metadataDocumentClient(db, clientId)
    assert.equal(client?.id, clientId)
    assert.equal(client?.type, 'public')
    assert.deepEqual(client?.redirectUris, ['http://127.0.0.1/callback'])
    const registration = await findClientRegistration(db, clientId)
    assert.equal(registration?.source, 'metadata_document')
    assert.equal(registration?.verifiedAt, null)
    const { verifier, challenge } = pkcePair()
    const location = await authorize({
      client_id: clientId, redirect_uri: 'http://127.0.0.1:5555/callback', response_type: 'code', scope: 'openid',
      code_challenge: challenge, code_challenge_method: 'S256',
    }, sessionOf(await makeUser()))
    const code = location.searchParams.get('code')
    assert.ok(code, String(location))
    const token = await serve(tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: 'http://127.0.0.1:5555/callback' }))
    assert.equal(token.status, 200)
    assert.equal(hits.get(new URL(clientId).pathname), 1, 'cached per max-age: fetched once')
  })

  it('first uses at once in one process share one fetch', async () => {
    const clientId = documentUrl('good')
    const db = await database()
    const clients = await Promise.all(Array.from({ length: 8 }, () => metadataDocumentClient(db, clientId)))
    for (const client of clients) assert.equal(client?.id, clientId)
    assert.equal(hits.get(new URL(clientId).pathname), 1)
  })

  it('first uses at once on several instances (one database): each gets the one client', async () => {
    const clientId = documentUrl('good')
    const db = await database()
    // Eight TLS handshakes at once on a busy machine: more than the suite's 1 s.
    process.env.CIMD_FETCH_TIMEOUT_MS = '10000'
    reloadConfig()
    const clients = await Promise.all(Array.from({ length: 8 }, () => loadMetadataDocumentClient(db, clientId)))
    for (const client of clients) assert.equal(client?.id, clientId)
    assert.equal((await findClientRegistration(db, clientId))?.source, 'metadata_document')
  })

  it('CIMD_CA_FILE adds an authority: the system ones still verify public hosts', () => {
    const authorities = trustedCertificates()!
    assert.ok(authorities.includes(certificate.cert.toString('utf8')))
    for (const root of rootCertificates) assert.ok(authorities.includes(root))
  })

  it('the cache lifetime follows Cache-Control, bounded', () => {
    assert.equal(documentLifetime('public, max-age=600'), 600)
    assert.equal(documentLifetime('no-store'), 60)
    assert.equal(documentLifetime('max-age=0'), 60)
    assert.equal(documentLifetime('max-age=99999999'), 86_400)
    assert.equal(documentLifetime(null), 3600)
  })

  it('strict validation: a document naming another client_id, asking for a secret, or not JSON is refused', async () => {
    const db = await database()
    assert.equal(await metadataDocumentClient(db, documentUrl('wrong-id')), null)
    assert.equal(await metadataDocumentClient(db, documentUrl('secret')), null)
    assert.equal(await metadataDocumentClient(db, documentUrl('html')), null)
  })

  it('a same-host redirect is followed; the document must still name the original URL', async () => {
    const clientId = documentUrl('same-host')
    assert.equal((await metadataDocumentClient(await database(), clientId))?.id, clientId)
  })
})

describe('SSRF guards of the document fetch', () => {
  it('private, link-local, CGNAT and loopback addresses are refused; loopback only with CIMD_ALLOW_LOOPBACK', () => {
    for (const address of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', 'fd00::1', 'fe80::1', '::', '::ffff:10.0.0.1']) {
      assert.ok(addressProblem(address, true), address)
    }
    assert.ok(addressProblem('127.0.0.1', false))
    assert.ok(addressProblem('::1', false))
    assert.ok(addressProblem('::ffff:127.0.0.1', false))
    assert.equal(addressProblem('127.0.0.1', true), null)
    assert.equal(addressProblem('93.184.215.14', false), null)
    assert.equal(addressProblem('2606:4700::1111', false), null)
  })

  it('a document on a private or metadata-service address is never fetched', async () => {
    const db = await database()
    assert.equal(await metadataDocumentClient(db, 'https://169.254.169.254/latest/meta-data'), null)
    assert.equal(await metadataDocumentClient(db, 'https://10.0.0.1/client'), null)
    assert.equal(await metadataDocumentClient(db, 'https://[fd00::1]/client'), null)
  })

  it('loopback is refused unless CIMD_ALLOW_LOOPBACK=true', async () => {
    process.env.CIMD_ALLOW_LOOPBACK = 'false'
    reloadConfig()
    const clientId = documentUrl('good')
    assert.equal(await metadataDocumentClient(await database(), clientId), null)
    assert.equal(hits.get(new URL(clientId).pathname), undefined, 'no connection was made')
  })

  it('http client ids and URLs with userinfo are not documents', async () => {
    const db = await database()
    assert.equal(await metadataDocumentClient(db, `http://127.0.0.1/${unique('c')}`), null)
    assert.equal(await metadataDocumentClient(db, `https://user@127.0.0.1:1/${unique('c')}`), null)
  })

  it('a redirect to another host is not followed', async () => {
    assert.equal(await metadataDocumentClient(await database(), documentUrl('other-host')), null)
  })

  it('an oversize document is cut off and refused', async () => {
    assert.equal(await metadataDocumentClient(await database(), documentUrl('big')), null)
  })

  it('a slow host is abandoned at CIMD_FETCH_TIMEOUT_MS', async () => {
    const started = Date.now()
    assert.equal(await metadataDocumentClient(await database(), documentUrl('slow')), null)
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`)
  })
})
