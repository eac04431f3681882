// The Model Context Protocol's authorization flow with the official MCP TypeScript SDK as the
// client nobody here wrote: an MCP server protected by a Gatehouse of its own publishes RFC 9728
// metadata; the SDK's OAuth client discovers Gatehouse from it and registers — by RFC 7591
// (REGISTRATION_POLICY=open) in one test, with a client ID metadata document served over https
// on loopback (a test certificate, CIMD_ALLOW_LOOPBACK) in the other — a person approves the
// consent page, which says "unverified" and names the redirect host, and the SDK gets a token
// for the MCP server's resource (`aud`) and calls a tool.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test, type Browser } from '@playwright/test'
import { decodeJwt } from 'jose'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js'
import { freePort, startServer, stopServer, type RunningServer } from '../server/servers'
import { startProtectedMcpServer, type Caller, type ProtectedMcpServer } from '../helpers/mcp-server'
import { loopbackCertificate } from '../helpers/test-certificate'
import { ADMIN_PASSWORD, adminUsername, logInAs, relyingPartyCallback, signUp, uniqueName } from './helpers'

/** The SDK's OAuthClientProvider, kept in memory: what an MCP client application supplies. */
class MemoryClientProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined
  private information: OAuthClientInformationMixed | undefined
  private saved: OAuthTokens | undefined
  private verifier = ''
  readonly expectedState = uniqueName('state')

  constructor(readonly redirectUrl: string, readonly clientMetadataUrl?: string) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP e2e agent', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none',
    }
  }
  state() { return this.expectedState }
  clientInformation() { return this.information }
  saveClientInformation(information: OAuthClientInformationMixed) { this.information = information }
  tokens() { return this.saved }
  saveTokens(tokens: OAuthTokens) { this.saved = tokens }
  redirectToAuthorization(url: URL) { this.authorizationUrl = url }
  saveCodeVerifier(verifier: string) { this.verifier = verifier }
  codeVerifier() { return this.verifier }
}

const clientInfo = { name: 'gatehouse-e2e-agent', version: '1.0.0' }

let gatehouse: RunningServer | undefined
let mcp: ProtectedMcpServer | undefined
let documents: Server | undefined
let dataDir: string | undefined
let issuer = ''
let scope = ''
let documentOrigin = ''
const documentBodies = new Map<string, string>()

test.describe('MCP clients (official SDK) against Gatehouse', () => {
  test.describe.configure({ mode: 'serial' })

  test.beforeAll(async ({ browser }) => {
    // A server start and the admin's setup on a loaded 2-core machine: more than a test's minute.
    test.setTimeout(180_000)
    const certificate = loopbackCertificate()
    documents = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
      const body = documentBodies.get(request.url ?? '')
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
      response.end(body ?? '{}')
    })
    await new Promise<void>((resolve) => documents!.listen(0, '127.0.0.1', resolve))
    documentOrigin = `https://127.0.0.1:${(documents.address() as AddressInfo).port}`

    // The suite's serving mode and database; on PGlite a data dir of its own, whose first admin
    // is the one adminUsername() names (on PostgreSQL it makes one with the admin CLI).
    const admin = adminUsername()
    dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-mcp-e2e-'))
    gatehouse = await startServer(process.env.E2E_SERVER === 'lean' ? 'lean' : 'next', {
      DATA_DIR: dataDir, BCRYPT_COST: '4', ADMIN_USERNAME: admin, ADMIN_PASSWORD,
      REGISTRATION_POLICY: 'open', CIMD_ALLOW_LOOPBACK: 'true', CIMD_CA_FILE: certificate.certFile,
    })
    issuer = `http://localhost:${new URL(gatehouse.url).port}`

    // The administrator creates the tool's scope and registers the MCP server as a resource.
    scope = `${uniqueName('mcp').toLowerCase()}:use`
    mcp = await startProtectedMcpServer(issuer, scope)
    const context = await browser.newContext({ baseURL: issuer })
    const page = await context.newPage()
    await logInAs(page, admin, ADMIN_PASSWORD)
    await page.goto('/admin/scopes')
    const addScope = page.getByRole('form', { name: 'Add a scope' })
    await addScope.getByLabel('Scope name').fill(scope)
    await addScope.getByLabel('Description').fill('Use the e2e MCP server\'s tools')
    await addScope.getByLabel('Restricted').uncheck()
    await addScope.getByRole('button', { name: 'Add scope' }).click()
    await expect(addScope.getByRole('status')).toHaveText(`Scope ${scope} added.`)
    await page.goto('/admin/machine-clients')
    const addResource = page.getByRole('form', { name: 'Add a resource' })
    await addResource.getByLabel('Resource URI').fill(mcp.url.href)
    await addResource.getByLabel('Name').fill('E2E MCP server')
    await addResource.getByLabel('Scopes').fill(scope)
    await addResource.getByRole('button', { name: 'Save resource' }).click()
    await expect(addResource.getByRole('status')).toHaveText('Resource saved.')
    await context.close()
  })

  test.afterAll(async () => {
    await mcp?.close()
    if (gatehouse) await stopServer(gatehouse)
    await new Promise<void>((resolve) => (documents ? documents.close(() => resolve()) : resolve()))
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  test('discovery advertises registration, metadata documents and the MCP server as a resource', async () => {
    const metadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()
    expect(metadata.registration_endpoint).toBe(`${issuer}/oauth/register`)
    expect(metadata.client_id_metadata_document_supported).toBe(true)
    expect(metadata.protected_resources).toEqual(expect.arrayContaining([`${issuer}/api`, mcp!.url.href]))
    // The MCP server's own metadata points to Gatehouse, as the SDK will find it.
    const resource = await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', mcp!.url))).json()
    expect(resource).toMatchObject({ resource: mcp!.url.href, authorization_servers: [issuer], scopes_supported: [scope] })
  })

  test('dynamic registration (RFC 7591): the SDK registers, the user approves an unverified client, the tool is called', async ({ browser }) => {
    const provider = new MemoryClientProvider(`http://127.0.0.1:${await freePort()}/callback`)
    const caller = await authorizeAndCall(browser, provider)
    const registered = provider.clientInformation()!
    expect(registered.client_id).not.toMatch(/^https:/)
    expect(caller.client_id).toBe(registered.client_id)
  })

  test('client ID metadata document: the SDK uses its https URL as client_id, the user approves, the tool is called', async ({ browser }) => {
    const redirectUrl = `http://127.0.0.1:${await freePort()}/callback`
    const documentPath = `/agents/${uniqueName('a')}/client.json`
    const clientId = `${documentOrigin}${documentPath}`
    documentBodies.set(documentPath, JSON.stringify({
      client_id: clientId, client_name: 'MCP e2e agent (document)', redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', scope,
    }))
    const provider = new MemoryClientProvider(redirectUrl, clientId)
    const caller = await authorizeAndCall(browser, provider)
    expect(provider.clientInformation()!.client_id).toBe(clientId)
    expect(caller.client_id).toBe(clientId)
  })
})

/** The MCP authorization flow as an MCP client application runs it with the SDK: connect, meet
 * the 401, discover and register, send the user to Gatehouse, take the code, call the tool. */
async function authorizeAndCall(browser: Browser, provider: MemoryClientProvider): Promise<Caller> {
  const server = mcp!
  await expect(new Client(clientInfo).connect(new StreamableHTTPClientTransport(server.url, { authProvider: provider })))
    .rejects.toBeInstanceOf(UnauthorizedError)
  const authorizationUrl = provider.authorizationUrl
  expect(authorizationUrl?.origin).toBe(issuer)
  expect(authorizationUrl!.searchParams.get('resource')).toBe(server.url.href)
  expect(authorizationUrl!.searchParams.get('scope')).toBe(scope)

  // A person with an account follows the link; the consent page warns before anything else.
  const context = await browser.newContext({ baseURL: issuer })
  const page = await context.newPage()
  await signUp(page)
  const callback = await relyingPartyCallback(page, provider.redirectUrl)
  await page.goto(authorizationUrl!.href)
  const redirectHost = new URL(provider.redirectUrl).host
  await expect(page.getByTestId('consent-unverified')).toContainText('Unverified application')
  await expect(page.getByTestId('consent-unverified-host')).toHaveText(redirectHost)
  await page.getByRole('button', { name: 'Allow' }).click()
  const answer = await callback.received()
  await context.close()
  expect(answer.searchParams.get('state')).toBe(provider.expectedState)
  expect(answer.searchParams.get('iss')).toBe(issuer)

  // The SDK redeems the code for the MCP server's resource.
  const transport = new StreamableHTTPClientTransport(server.url, { authProvider: provider })
  await transport.finishAuth(answer.searchParams.get('code')!)
  const claims = decodeJwt(provider.tokens()!.access_token)
  expect(claims.aud).toBe(server.url.href)
  expect(String(claims.scope).split(' ')).toEqual([scope])

  const client = new Client(clientInfo)
  await client.connect(transport)
  const result = await client.callTool({ name: 'whoami', arguments: {} })
  await client.close()
  const content = result.content as Array<{ type: string; text: string }>
  const caller = JSON.parse(content[0].text) as Caller
  expect(caller).toMatchObject({ scopes: [scope], resource: server.url.href })
  return caller
}
