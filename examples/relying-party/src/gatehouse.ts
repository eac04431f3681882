// Everything this app says to Gatehouse, through openid-client: discovery, the authorization
// code flow with PKCE (S256), state and nonce, userinfo, refresh, the resource API and
// RP-initiated logout. No protocol code of its own.
import * as client from 'openid-client'
import type { Settings } from './settings'
import { registrationUris } from './settings'
import { tokensFrom, type PendingSignIn, type SignedIn } from './sessions'

export const SCOPE = 'openid profile email offline_access'
/** Refresh a little before the expiry (5 s, or a tenth of a short lifetime), so that a token
 * does not expire on its way to the API. */
const EXPIRY_MARGIN_MS = 5_000

export class Gatehouse {
  private configuration: Promise<client.Configuration> | null = null

  constructor(private readonly settings: Settings) {}

  /** Discovery once, kept; a failed attempt is not kept, so the next request tries again. */
  private config(): Promise<client.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret } = this.settings
      // Plain http only for a Gatehouse on this machine (local development).
      const options = issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined
      this.configuration = client.discovery(issuer, clientId, undefined, client.ClientSecretBasic(clientSecret), options)
      this.configuration.catch(() => { this.configuration = null })
    }
    return this.configuration
  }

  async authorizationUrl(): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.config()
    const pending = { codeVerifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce() }
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: registrationUris(this.settings.appUrl).redirectUri,
      scope: SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    })
    return { url, pending }
  }

  /** Redeems the code (checking state, nonce, iss and PKCE) and reads userinfo with the new token. */
  async finishSignIn(currentUrl: URL, pending: PendingSignIn): Promise<SignedIn> {
    const config = await this.config()
    const response = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    })
    const claims = response.claims()!
    const userinfo = await client.fetchUserInfo(config, response.access_token, claims.sub)
    return {
      subject: claims.sub,
      idToken: response.id_token!,
      idTokenClaims: { ...claims },
      userinfo: { ...userinfo },
      tokens: tokensFrom(response, Date.now()),
      refreshes: 0,
      lastRefreshAt: null,
      lastApiCall: null,
      refreshing: null,
    }
  }

  /** An access token that is good for now: refreshed silently when it has expired. */
  async freshAccessToken(user: SignedIn): Promise<string> {
    const { issuedAt, expiresAt } = user.tokens
    const margin = Math.min(EXPIRY_MARGIN_MS, (expiresAt - issuedAt) / 10)
    if (expiresAt - margin <= Date.now()) await this.refresh(user)
    return user.tokens.accessToken
  }

  /** Refreshes once however many requests ask at the same time (rotation makes a second use a replay). */
  refresh(user: SignedIn): Promise<void> {
    user.refreshing ??= this.rotate(user).finally(() => { user.refreshing = null })
    return user.refreshing
  }

  private async rotate(user: SignedIn): Promise<void> {
    if (!user.tokens.refreshToken) throw new SignInEnded('no refresh token')
    const config = await this.config()
    try {
      const response = await client.refreshTokenGrant(config, user.tokens.refreshToken)
      user.tokens = tokensFrom(response, Date.now(), user.tokens.refreshToken)
      user.refreshes += 1
      user.lastRefreshAt = Date.now()
    } catch (error) {
      // invalid_grant: the grant was revoked (logout elsewhere, connected app removed, expiry).
      if (error instanceof client.ResponseBodyError && error.error === 'invalid_grant') throw new SignInEnded(error.error)
      throw error
    }
  }

  /** Calls Gatehouse's sample protected API; a 401 gets one refresh and one retry. */
  async callResources(user: SignedIn): Promise<{ status: number; body: string }> {
    const call = async () => {
      const response = await fetch(new URL('/api/resources', this.settings.issuer), {
        headers: { Authorization: `Bearer ${await this.freshAccessToken(user)}` },
        signal: AbortSignal.timeout(10_000),
      })
      return { status: response.status, body: await response.text() }
    }
    const first = await call()
    if (first.status !== 401) return first
    await this.refresh(user)
    return call()
  }

  /** RP-initiated logout: Gatehouse ends its session and sends the browser back here. */
  async logoutUrl(idToken: string): Promise<URL> {
    return client.buildEndSessionUrl(await this.config(), {
      id_token_hint: idToken,
      post_logout_redirect_uri: registrationUris(this.settings.appUrl).postLogoutRedirectUri,
    })
  }
}

/** Gatehouse no longer honours this sign-in: the app forgets it and asks the person to sign in again. */
export class SignInEnded extends Error {}
