// A real upstream OpenID Connect issuer for the upstream-login tests: node-oidc-provider on
// loopback, with its development login pages (any login name and password; the login name
// becomes the `sub`) and one confidential client registered for Gatehouse's callback.
import { createServer, type Server } from 'node:http'
import Provider from 'oidc-provider'

export const UPSTREAM_CLIENT_ID = 'gatehouse'
export const UPSTREAM_CLIENT_SECRET = 'upstream-client-secret-for-tests-0123456789'

export interface UpstreamIdp { issuer: string; stop: () => Promise<void> }

/** The email the test issuer reports for a login name; verified unless the name says otherwise. */
export function upstreamEmailOf(login: string): string {
  return `${login}@upstream.test`
}

export async function startUpstreamIdp(port: number, redirectUris: string[]): Promise<UpstreamIdp> {
  const issuer = `http://127.0.0.1:${port}`
  const provider = new Provider(issuer, {
    clients: [{
      client_id: UPSTREAM_CLIENT_ID,
      client_secret: UPSTREAM_CLIENT_SECRET,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'name'] },
    async findAccount(_context, sub) {
      return {
        accountId: sub,
        claims: async () => ({ sub, email: upstreamEmailOf(sub), email_verified: !sub.startsWith('unverified'), preferred_username: sub, name: `Upstream ${sub}` }),
      }
    },
    cookies: { keys: ['upstream-idp-test-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
  })
  // Quiet: the library warns about its development settings, which is what this is.
  provider.on('server_error', () => {})
  const server: Server = createServer(provider.callback())
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
