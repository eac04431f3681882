// A small MCP server protected by Gatehouse, built only from the official MCP TypeScript SDK and
// jose — what docs/machine-clients.md describes: it publishes RFC 9728 metadata naming Gatehouse,
// answers a request without a valid token with 401 and `resource_metadata`, and accepts only
// Gatehouse's JWT access tokens whose `aud` is exactly its own URL. One tool, `whoami`, tells the
// caller which client and scopes its token carried.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js'
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js'
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js'
import { getOAuthProtectedResourceMetadataUrl, mcpAuthMetadataRouter } from '@modelcontextprotocol/sdk/server/auth/router.js'
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js'
import type { OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js'

export interface ProtectedMcpServer { url: URL; close: () => Promise<void> }

/** What the `whoami` tool answers. */
export interface Caller { client_id: string; scopes: string[]; resource: string }

/** Starts the MCP server on a free loopback port; `scope` is the one scope its tool needs. */
export async function startProtectedMcpServer(issuer: string, scope: string): Promise<ProtectedMcpServer> {
  const metadata = await fetch(`${issuer}/.well-known/oauth-authorization-server`).then((response) => response.json()) as OAuthMetadata
  const app = createMcpExpressApp({ host: '127.0.0.1' })
  const server: Server = await new Promise((resolve) => { const listening = app.listen(0, '127.0.0.1', () => resolve(listening)) })
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`)

  // Offline verification with Gatehouse's JWKS: an RFC 9068 access token for this resource only.
  const jwks = createRemoteJWKSet(new URL(String(metadata.jwks_uri)))
  const verifier: OAuthTokenVerifier = {
    async verifyAccessToken(token) {
      const { payload } = await jwtVerify(token, jwks, { issuer, audience: url.href, typ: 'at+jwt', algorithms: ['ES256'] })
        .catch((error: Error) => { throw new InvalidTokenError(error.message) })
      return {
        token,
        clientId: String(payload.client_id),
        scopes: String(payload.scope ?? '').split(' ').filter(Boolean),
        expiresAt: payload.exp,
        resource: new URL(String(payload.aud)),
      }
    },
  }
  app.use(mcpAuthMetadataRouter({ oauthMetadata: metadata, resourceServerUrl: url, scopesSupported: [scope], resourceName: 'Gatehouse e2e MCP server' }))
  const bearer = requireBearerAuth({ verifier, requiredScopes: [scope], resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(url), expectedResource: url })

  // Stateless Streamable HTTP: a server and a transport per request, as in the SDK's examples.
  app.post(url.pathname, bearer, async (request, response) => {
    const mcp = new McpServer({ name: 'gatehouse-e2e', version: '1.0.0' })
    mcp.registerTool('whoami', { description: 'The client and scopes of the caller\'s access token' }, async (extra) => {
      const caller: Caller = { client_id: extra.authInfo?.clientId ?? '', scopes: extra.authInfo?.scopes ?? [], resource: String(extra.authInfo?.resource ?? '') }
      return { content: [{ type: 'text', text: JSON.stringify(caller) }] }
    })
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
    response.on('close', () => { void transport.close(); void mcp.close() })
    await mcp.connect(transport)
    await transport.handleRequest(request, response, request.body)
  })
  // No server-initiated stream and no sessions to end.
  app.all(url.pathname, (_request, response) => { response.status(405).set('Allow', 'POST').end() })

  return {
    url,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
