// "Connect your app": what a developer needs after registering a client — the issuer, the
// discovery URL, the endpoints and configuration snippets for common client libraries, filled in
// with the client's id and redirect URI. The secret never appears: it is stored only as a hash,
// and a snippet is copied into places (chats, repositories) where a secret must not go.
import { endpointUrls } from '../oauth/endpoints/discovery'

export interface ConnectableClient {
  id: string
  type: 'confidential' | 'public'
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none'
  redirectUris: string[]
  postLogoutRedirectUris: string[]
  grantTypes: string[]
  scopes: string[]
}

export type SnippetId = 'authjs' | 'openid-client' | 'oauth4webapi' | 'curl'
export interface Snippet { id: SnippetId; title: string; language: 'js' | 'ts' | 'sh'; text: string }
export interface ConnectDetails {
  issuer: string
  discoveryUrl: string
  endpoints: { name: string; url: string }[]
  snippets: Snippet[]
}

/** The environment variable every snippet reads the client secret from. */
export const SECRET_VARIABLE = 'GATEHOUSE_CLIENT_SECRET'
const AUTH_JS_SECRET_VARIABLE = 'AUTH_GATEHOUSE_SECRET'

const js = (value: string) => JSON.stringify(value)
// POSIX single quotes: nothing inside is special but the quote itself.
const sh = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`
// Inside a // comment only a line terminator is special; JavaScript counts U+2028 and U+2029 as one.
const comment = (value: string) => value.replace(/[\r\n\u2028\u2029]/g, encodeURIComponent)

export function connectDetails(client: ConnectableClient, issuer: string): ConnectDetails {
  const urls = endpointUrls(issuer)
  const endpoints = [
    { name: 'Authorization', url: urls.authorization_endpoint },
    { name: 'Token', url: urls.token_endpoint },
    { name: 'Userinfo', url: urls.userinfo_endpoint },
    { name: 'JWKS', url: urls.jwks_uri },
    { name: 'Logout (end session)', url: urls.end_session_endpoint },
    { name: 'Revocation', url: urls.revocation_endpoint },
    { name: 'Introspection', url: urls.introspection_endpoint },
  ]
  const snippets: Snippet[] = []
  const redirectUri = client.redirectUris[0]
  const signsIn = client.grantTypes.includes('authorization_code') && redirectUri !== undefined
  if (signsIn && client.scopes.includes('openid')) snippets.push({ id: 'authjs', title: 'Auth.js (generic OIDC provider)', language: 'js', text: authJsSnippet(client, issuer, redirectUri) })
  if (signsIn) {
    snippets.push({ id: 'openid-client', title: 'openid-client (Node.js)', language: 'ts', text: openidClientSnippet(client, issuer, redirectUri) })
    snippets.push({ id: 'oauth4webapi', title: 'oauth4webapi (any JavaScript runtime)', language: 'ts', text: oauth4webapiSnippet(client, issuer, redirectUri) })
  }
  snippets.push({ id: 'curl', title: client.grantTypes.includes('client_credentials') ? 'curl (client credentials)' : 'curl', language: 'sh', text: curlSnippet(client, issuer, redirectUri) })
  return { issuer, discoveryUrl: `${issuer}/.well-known/openid-configuration`, endpoints, snippets }
}

function requestedScope(client: ConnectableClient): string {
  return client.scopes.length ? client.scopes.join(' ') : 'openid'
}

/** Auth.js answers at `<base path>/callback/<provider id>`: the id is taken from the registered
 * redirect URI when it has that shape, so the provider and the registration agree. */
function authJsProviderId(redirectUri: string): string {
  const match = /\/callback\/([A-Za-z0-9_-]{1,64})$/.exec(new URL(redirectUri).pathname)
  return match ? match[1] : 'gatehouse'
}

/** A complete ES module: pasted into a file as is, it is the provider Auth.js needs. */
function authJsSnippet(client: ConnectableClient, issuer: string, redirectUri: string): string {
  const id = authJsProviderId(redirectUri)
  const confidential = client.type === 'confidential'
  const lines = [
    `// gatehouse-provider.js: a generic OpenID Connect provider for Auth.js (next-auth v5, @auth/core,`,
    `// @auth/express, @auth/sveltekit …). Use it as  providers: [gatehouse]  after`,
    `//   import gatehouse from './gatehouse-provider.js'`,
    `// Auth.js receives the code at <its base path>/callback/${id}; this client's redirect URI is`,
    `//   ${comment(redirectUri)}`,
    ...(confidential ? [`// Put the client secret in the environment as ${AUTH_JS_SECRET_VARIABLE}, never in code.`] : []),
    `export default {`,
    `  id: ${js(id)},`,
    `  name: 'Gatehouse',`,
    `  type: 'oidc',`,
    `  issuer: ${js(issuer)},`,
    `  clientId: ${js(client.id)},`,
    ...(confidential
      ? [`  clientSecret: process.env.${AUTH_JS_SECRET_VARIABLE},`]
      : [`  client: { token_endpoint_auth_method: 'none' },`]),
    ...(confidential && client.tokenEndpointAuthMethod === 'client_secret_post' ? [`  client: { token_endpoint_auth_method: 'client_secret_post' },`] : []),
    `  authorization: { params: { scope: ${js(requestedScope(client))} } },`,
    `  checks: ['pkce', 'state', 'nonce'],`,
    `}`,
  ]
  return lines.join('\n') + '\n'
}

function openidClientSnippet(client: ConnectableClient, issuer: string, redirectUri: string): string {
  const insecure = issuer.startsWith('http:')
  const authentication = client.type === 'public' ? 'client.None()'
    : client.tokenEndpointAuthMethod === 'client_secret_post' ? `client.ClientSecretPost(process.env.${SECRET_VARIABLE}!)`
    : `client.ClientSecretBasic(process.env.${SECRET_VARIABLE}!)`
  const openid = client.scopes.includes('openid')
  const logout = client.postLogoutRedirectUris[0]
  return [
    `// npm install openid-client   (v6)`,
    `import * as client from 'openid-client'`,
    ``,
    `const config = await client.discovery(`,
    `  new URL(${js(issuer)}),`,
    `  ${js(client.id)},`,
    `  undefined,`,
    `  ${authentication},`,
    ...(insecure ? [`  { execute: [client.allowInsecureRequests] }, // an http issuer: local development only`] : []),
    `)`,
    ``,
    `// Sign in: keep codeVerifier, state${openid ? ' and nonce' : ''} in the server-side session, then redirect.`,
    `const codeVerifier = client.randomPKCECodeVerifier()`,
    `const state = client.randomState()`,
    ...(openid ? [`const nonce = client.randomNonce()`] : []),
    `const authorizationUrl = client.buildAuthorizationUrl(config, {`,
    `  redirect_uri: ${js(redirectUri)},`,
    `  scope: ${js(requestedScope(client))},`,
    `  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),`,
    `  code_challenge_method: 'S256',`,
    `  state,`,
    ...(openid ? [`  nonce,`] : []),
    `})`,
    ``,
    `// At the redirect URI: currentUrl is the full URL the browser arrived on.`,
    `const tokens = await client.authorizationCodeGrant(config, currentUrl, {`,
    `  pkceCodeVerifier: codeVerifier,`,
    `  expectedState: state,`,
    ...(openid ? [`  expectedNonce: nonce,`, `  idTokenExpected: true,`] : []),
    `})`,
    ...(openid ? [`const claims = tokens.claims() // sub, preferred_username, email …`] : []),
    ``,
    `// When the access token expires (tokens.expiresIn()):`,
    `const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!)`,
    ...(openid ? [
      ``,
      `// Sign out at Gatehouse too (RP-initiated logout):`,
      `const logoutUrl = client.buildEndSessionUrl(config, {`,
      `  id_token_hint: tokens.id_token!,`,
      ...(logout ? [`  post_logout_redirect_uri: ${js(logout)},`] : [`  // post_logout_redirect_uri: register one on this client first`]),
      `})`,
    ] : []),
  ].join('\n') + '\n'
}

function oauth4webapiSnippet(client: ConnectableClient, issuer: string, redirectUri: string): string {
  const insecure = issuer.startsWith('http:')
  const authentication = client.type === 'public' ? 'oauth.None()'
    : client.tokenEndpointAuthMethod === 'client_secret_post' ? `oauth.ClientSecretPost(process.env.${SECRET_VARIABLE}!)`
    : `oauth.ClientSecretBasic(process.env.${SECRET_VARIABLE}!)`
  const options = insecure ? ', options' : ''
  const openid = client.scopes.includes('openid')
  return [
    `// npm install oauth4webapi   (v3)`,
    `import * as oauth from 'oauth4webapi'`,
    ``,
    `const issuer = new URL(${js(issuer)})`,
    ...(insecure ? [`const options = { [oauth.allowInsecureRequests]: true } // an http issuer: local development only`] : []),
    `const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer${options}))`,
    `const gatehouse: oauth.Client = { client_id: ${js(client.id)} }`,
    `const clientAuth = ${authentication}`,
    `const redirectUri = ${js(redirectUri)}`,
    ``,
    `// Sign in: keep codeVerifier, state${openid ? ' and nonce' : ''} in the server-side session, then redirect.`,
    `const codeVerifier = oauth.generateRandomCodeVerifier()`,
    `const state = oauth.generateRandomState()`,
    ...(openid ? [`const nonce = oauth.generateRandomNonce()`] : []),
    `const authorizationUrl = new URL(as.authorization_endpoint!)`,
    `authorizationUrl.search = new URLSearchParams({`,
    `  client_id: gatehouse.client_id, redirect_uri: redirectUri, response_type: 'code',`,
    `  scope: ${js(requestedScope(client))}, state,${openid ? ' nonce,' : ''}`,
    `  code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',`,
    `}).toString()`,
    ``,
    `// At the redirect URI: currentUrl is the full URL the browser arrived on.`,
    `const parameters = oauth.validateAuthResponse(as, gatehouse, currentUrl, state)`,
    `const response = await oauth.authorizationCodeGrantRequest(as, gatehouse, clientAuth, parameters, redirectUri, codeVerifier${options})`,
    `const tokens = await oauth.processAuthorizationCodeResponse(as, gatehouse, response${openid ? ', { expectedNonce: nonce, requireIdToken: true }' : ''})`,
    ...(openid ? [`const claims = oauth.getValidatedIdTokenClaims(tokens)`] : []),
    ``,
    `// When the access token expires:`,
    `const refreshed = await oauth.processRefreshTokenResponse(as, gatehouse,`,
    `  await oauth.refreshTokenGrantRequest(as, gatehouse, clientAuth, tokens.refresh_token!${options}))`,
  ].join('\n') + '\n'
}

function curlSnippet(client: ConnectableClient, issuer: string, redirectUri: string | undefined): string {
  const tokenUrl = endpointUrls(issuer).token_endpoint
  // RFC 6749 §2.3.1: Basic credentials are form-urlencoded first; ids and generated secrets need no escaping.
  const authentication = client.type === 'public' ? [`  -d client_id=${sh(client.id)} \\`]
    : client.tokenEndpointAuthMethod === 'client_secret_post' ? [`  -d client_id=${sh(client.id)} -d client_secret="$${SECRET_VARIABLE}" \\`]
    : [`  -u ${sh(client.id)}:"$${SECRET_VARIABLE}" \\`]
  const lines = [`# The discovery document: every endpoint and what this server supports.`, `curl -s ${sh(`${issuer}/.well-known/openid-configuration`)}`, ``]
  if (client.grantTypes.includes('client_credentials')) {
    const apiScopes = client.scopes.filter((scope) => !['openid', 'profile', 'email', 'offline_access'].includes(scope))
    lines.push(
      `# A token for this client itself (client credentials), then a call to Gatehouse's sample API.`,
      `ACCESS_TOKEN=$(curl -s ${sh(tokenUrl)} \\`,
      ...authentication,
      `  -d grant_type=client_credentials${apiScopes.length ? ` -d scope=${sh(apiScopes.join(' '))}` : ''} \\`,
      `  | sed -n 's/.*"access_token":"\\([^"]*\\)".*/\\1/p')`,
      `curl -s -H "Authorization: Bearer $ACCESS_TOKEN" ${sh(`${issuer}/api/resources`)}`,
    )
  } else if (client.grantTypes.includes('authorization_code') && redirectUri) {
    lines.push(
      `# Exchange an authorization code (CODE, from ${comment(redirectUri)}?code=…) with its PKCE verifier.`,
      `curl -s ${sh(tokenUrl)} \\`,
      ...authentication,
      `  -d grant_type=authorization_code -d code="$CODE" -d code_verifier="$CODE_VERIFIER" \\`,
      `  --data-urlencode redirect_uri=${sh(redirectUri)}`,
    )
  }
  return lines.join('\n') + '\n'
}
