// The OAuth/OpenID Connect client side of upstream login, on openid-client: discovery,
// authorization code with PKCE (S256), state and nonce, the RFC 9207 `iss` check and the ID
// token's signature and claims are the library's work, never hand-written here. GitHub speaks
// OAuth 2.0 without ID tokens: its identity comes from its REST API (./github.ts).
import * as openid from 'openid-client'
import { processCache } from '../cache'
import { config } from '../config'
import { fetchGitHubIdentity, GITHUB_AUTHORIZATION_SERVER } from './github'
import { allowsPlainHttp } from './provider-rules'
import { callbackUrl, type UpstreamProvider } from './providers'
import { UpstreamFailure, classifyUpstreamError } from './failures'
import { oidcIdentity, type UpstreamIdentity } from './identity'

// Discovery documents change rarely; keys are re-fetched by the library when a kid is unknown.
// The cache holds the plain metadata, never the library's objects: the lean server and Next's
// bundles share the cache but each has its own copy of the library (instanceof differs).
const METADATA_TTL_MS = 10 * 60 * 1000
const discovered = processCache<openid.ServerMetadata>('upstream-metadata', METADATA_TTL_MS)

/** After an admin edit: the next sign-in discovers the provider afresh. */
export function forgetUpstreamConfiguration(providerId: string): void {
  discovered.delete(providerId)
}

async function configurationFor(provider: UpstreamProvider): Promise<openid.Configuration> {
  const timeout = Math.ceil(config().UPSTREAM_TIMEOUT_MS / 1000)
  if (provider.type === 'github') {
    const configuration = new openid.Configuration(GITHUB_AUTHORIZATION_SERVER, provider.clientId, provider.clientSecret())
    configuration.timeout = timeout
    return configuration
  }
  const issuer = provider.issuer!
  const execute = allowsPlainHttp(issuer) ? [openid.allowInsecureRequests] : []
  const known = discovered.get(provider.id)
  if (known?.issuer === issuer) {
    const configuration = new openid.Configuration(known, provider.clientId, provider.clientSecret())
    configuration.timeout = timeout
    for (const extension of execute) extension(configuration)
    return configuration
  }
  const configuration = await openid.discovery(new URL(issuer), provider.clientId, provider.clientSecret(), undefined, { timeout, execute })
    .catch((error: unknown) => {
      throw new UpstreamFailure('unreachable', error)
    })
  discovered.set(provider.id, configuration.serverMetadata())
  return configuration
}

/** What the callback must check the answer against; kept sealed in the browser in between. */
export interface AuthorizationChecks { state: string; nonce: string; codeVerifier: string }

/** The URL to send the browser to, and the checks for its answer. */
export async function startAuthorization(provider: UpstreamProvider): Promise<{ url: URL; checks: AuthorizationChecks }> {
  const configuration = await configurationFor(provider)
  const checks = { state: openid.randomState(), nonce: openid.randomNonce(), codeVerifier: openid.randomPKCECodeVerifier() }
  const parameters: Record<string, string> = {
    redirect_uri: callbackUrl(provider.id),
    scope: provider.scopes,
    state: checks.state,
    code_challenge: await openid.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
  }
  if (provider.type === 'oidc') parameters.nonce = checks.nonce
  return { url: openid.buildAuthorizationUrl(configuration, parameters), checks }
}

/**
 * Redeems the code of an authorization response and returns who the upstream says signed in.
 * The upstream's tokens are used for this and dropped: Gatehouse keeps none of them.
 */
export async function finishAuthorization(provider: UpstreamProvider, response: URL, checks: AuthorizationChecks): Promise<UpstreamIdentity> {
  const configuration = await configurationFor(provider)
  try {
    if (provider.type === 'github') {
      const tokens = await openid.authorizationCodeGrant(configuration, response, { pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state })
      return await fetchGitHubIdentity(tokens.access_token, config().UPSTREAM_TIMEOUT_MS)
    }
    const tokens = await openid.authorizationCodeGrant(configuration, response, {
      pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
    })
    const claims = tokens.claims()!
    // Many issuers put email and profile in userinfo only; its `sub` must be the ID token's.
    const userinfo = configuration.serverMetadata().userinfo_endpoint
      ? await openid.fetchUserInfo(configuration, tokens.access_token, claims.sub)
      : {}
    return oidcIdentity({ ...claims, ...userinfo, sub: claims.sub, amr: claims.amr })
  } catch (error) {
    throw error instanceof UpstreamFailure ? error : new UpstreamFailure(classifyUpstreamError(error), error)
  }
}
