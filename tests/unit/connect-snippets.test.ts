import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { connectDetails, type ConnectableClient } from '@/lib/clients/snippets'

const issuer = 'https://auth.example.com'
const confidential: ConnectableClient = {
  id: 'gh_AbC123-_xyz',
  type: 'confidential',
  tokenEndpointAuthMethod: 'client_secret_basic',
  redirectUris: ['https://app.example.com/api/auth/callback/gatehouse', 'https://app.example.com/other'],
  postLogoutRedirectUris: ['https://app.example.com/'],
  grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
  scopes: ['openid', 'profile', 'email', 'resources:read'],
}
const publicClient: ConnectableClient = {
  ...confidential, id: 'gh_public', type: 'public', tokenEndpointAuthMethod: 'none',
  redirectUris: ['http://127.0.0.1/callback'], grantTypes: ['authorization_code'],
}
const snippet = (client: ConnectableClient, id: string, at = issuer) => connectDetails(client, at).snippets.find((s) => s.id === id)?.text

describe('the "Connect your app" panel', () => {
  it('names the issuer, the discovery URL and the endpoints discovery advertises', () => {
    const details = connectDetails(confidential, issuer)
    assert.equal(details.issuer, issuer)
    assert.equal(details.discoveryUrl, 'https://auth.example.com/.well-known/openid-configuration')
    assert.deepEqual(details.endpoints.find((e) => e.name === 'Token'), { name: 'Token', url: 'https://auth.example.com/oauth/token' })
    assert.deepEqual(details.snippets.map((s) => s.id), ['authjs', 'openid-client', 'oauth4webapi', 'curl'])
  })

  it('never puts a secret into a snippet, even when the row carries its hash', () => {
    const row = { ...confidential, secretHash: 'f'.repeat(64), secret: 'the-real-secret' } as ConnectableClient
    for (const { text } of connectDetails(row, issuer).snippets) {
      assert.ok(!text.includes('f'.repeat(64)) && !text.includes('the-real-secret'), text)
      assert.ok(text.includes(confidential.id), 'every snippet names the client id')
    }
  })

  it('fills in the client id and its first redirect URI', () => {
    for (const id of ['authjs', 'openid-client', 'oauth4webapi']) {
      assert.match(snippet(confidential, id)!, /https:\/\/app\.example\.com\/api\/auth\/callback\/gatehouse/)
    }
  })

  it('gives clients with client_credentials a curl token request, and others a code exchange', () => {
    assert.match(snippet(confidential, 'curl')!, /grant_type=client_credentials -d scope='resources:read'/)
    assert.match(snippet(confidential, 'curl')!, /-u 'gh_AbC123-_xyz':"\$GATEHOUSE_CLIENT_SECRET"/)
    assert.match(snippet(publicClient, 'curl')!, /grant_type=authorization_code/)
    assert.doesNotMatch(snippet(publicClient, 'curl')!, /client_credentials|SECRET/)
  })

  it('public clients authenticate with nothing but PKCE', () => {
    assert.match(snippet(publicClient, 'openid-client')!, /client\.None\(\)/)
    assert.match(snippet(publicClient, 'oauth4webapi')!, /oauth\.None\(\)/)
    assert.match(snippet(publicClient, 'authjs')!, /token_endpoint_auth_method: 'none'/)
  })

  it('allows http only for an http issuer (local development)', () => {
    assert.doesNotMatch(snippet(confidential, 'openid-client')!, /allowInsecureRequests/)
    assert.match(snippet(confidential, 'openid-client', 'http://localhost:3000')!, /allowInsecureRequests/)
  })

  it('offers no sign-in snippets to a client without the authorization code grant', () => {
    const machine = { ...confidential, redirectUris: [], grantTypes: ['client_credentials'] }
    assert.deepEqual(connectDetails(machine, issuer).snippets.map((s) => s.id), ['curl'])
  })

  it('keeps a hostile redirect URI inert: quoted in shell, a string literal in JavaScript', async () => {
    const hostile = { ...confidential, grantTypes: ['authorization_code'], redirectUris: ["https://app.example.com/cb?x='$(touch /tmp/pwned)'&y=\"+alert(1)+\"&z=\u2028throw_1"] }
    const curl = snippet(hostile, 'curl')!
    const dir = mkdtempSync(path.join(tmpdir(), 'snippet-'))
    try {
      // The shell only parses it (-n): a quoting mistake is a syntax error or an expansion.
      execFileSync('sh', ['-n', '-c', curl])
      assert.match(curl, /redirect_uri='https:\/\/app\.example\.com\/cb\?x='\\''\$\(touch \/tmp\/pwned\)'\\''&y="\+alert\(1\)\+"&z=\u2028throw_1'$/m)
      // The Auth.js snippet is a whole module: importing it gives the provider with the values as data.
      const file = path.join(dir, 'provider.mjs')
      writeFileSync(file, snippet(hostile, 'authjs')!)
      const provider = (await import(pathToFileURL(file).href)).default
      assert.equal(provider.clientId, confidential.id)
      assert.equal(provider.issuer, issuer)
      assert.equal(provider.type, 'oidc')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
