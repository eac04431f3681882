// The whole authorization code + PKCE flow driven by a real relying-party library
// (oauth4webapi), with a real browser doing the login and consent.
import { expect, test } from '@playwright/test'
import * as oauth from 'oauth4webapi'
import { createClient, insecure, relyingParty, relyingPartyCallback, signUp } from './helpers'

const REDIRECT_URI = 'http://127.0.0.1:47123/callback'


test('discovery → authorize → login → consent → tokens → resource → refresh rotation and replay', async ({ page, baseURL, browser }) => {
  // A developer registers the relying party.
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login/)

  const { issuer, as, client, clientAuth, codeVerifier, state, nonce, authorizationUrl } = await relyingParty(baseURL!, registered, REDIRECT_URI)

  // A user who is not logged in signs up, then comes back to the same request.
  const userContext = await browser.newContext()
  const userPage = await userContext.newPage()
  const relyingPartyPage = await relyingPartyCallback(userPage, REDIRECT_URI)
  await userPage.goto(authorizationUrl.toString())
  await expect(userPage).toHaveURL(/\/login\?/)
  const username = `rp${Date.now().toString(36)}`
  await userPage.goto(`/signup?return_to=${encodeURIComponent(new URL(userPage.url()).searchParams.get('return_to')!)}`)
  await userPage.getByLabel('Username').fill(username)
  await userPage.getByLabel('Email').fill(`${username}@example.test`)
  await userPage.getByLabel('Password').fill('relying party 123')
  await userPage.getByRole('button', { name: 'Sign up' }).click()

  // Consent shows the client and the scopes in words.
  await expect(userPage.getByRole('button', { name: 'Allow' })).toBeVisible()
  await expect(userPage.getByTestId('consent-redirect-host')).toHaveText('127.0.0.1:47123')
  await expect(userPage.getByText('See your email address')).toBeVisible()
  await userPage.getByRole('button', { name: 'Allow' }).click()
  const params = oauth.validateAuthResponse(as, client, await relyingPartyPage.received(), state)
  const tokenResponse = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT_URI, codeVerifier, insecure)
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenResponse, { expectedNonce: nonce, requireIdToken: true })
  expect(tokens.token_type).toBe('bearer')
  expect(oauth.getValidatedIdTokenClaims(tokens)!.preferred_username).toBe(username)

  const resource = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL('/api/resources', issuer), undefined, undefined, insecure)
  expect(resource.status).toBe(200)
  expect(await resource.json()).toEqual({ message: 'Verify access token successful' })

  // Refresh rotates. Once the successor has been used, presenting a rotated-out token again is
  // replay (RFC 9700 §4.14.2): refused, and the whole family is revoked, the newest token included.
  const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure))
  expect(refreshed.refresh_token).toBeTruthy()
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
  const latest = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshed.refresh_token!, insecure))
  expect(latest.refresh_token).toBeTruthy()
  const replay = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure)
  await expect(oauth.processRefreshTokenResponse(as, client, replay)).rejects.toMatchObject({ error: 'invalid_grant' })
  const afterReplay = await oauth.refreshTokenGrantRequest(as, client, clientAuth, latest.refresh_token!, insecure)
  await expect(oauth.processRefreshTokenResponse(as, client, afterReplay)).rejects.toMatchObject({ error: 'invalid_grant' })
  const revokedResource = await fetch(new URL('/api/resources', issuer), { headers: { authorization: `Bearer ${latest.access_token}` } })
  expect(revokedResource.status).toBe(401)
  expect(revokedResource.headers.get('www-authenticate')).toContain('error="invalid_token"')
  await userContext.close()
})

test('Deny sends access_denied back with state and iss', async ({ page, baseURL }) => {
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  const relyingPartyPage = await relyingPartyCallback(page, REDIRECT_URI)
  const codeVerifier = oauth.generateRandomCodeVerifier()
  const url = new URL('/oauth/authorize', baseURL)
  url.search = new URLSearchParams({
    client_id: registered.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 'deny-state',
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
  }).toString()
  await page.goto(url.toString())
  await page.getByRole('button', { name: 'Deny' }).click()
  const callback = await relyingPartyPage.received()
  expect(callback.searchParams.get('error')).toBe('access_denied')
  expect(callback.searchParams.get('state')).toBe('deny-state')
  expect(callback.searchParams.get('iss')).toBe(baseURL)
})

test('an unregistered redirect_uri shows an error page and never redirects', async ({ page }) => {
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  const response = await page.goto(`/oauth/authorize?client_id=${registered.clientId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&response_type=code`)
  expect(response!.status()).toBe(400)
  expect(new URL(page.url()).pathname).toBe('/oauth/authorize')
  await expect(page.getByRole('heading', { name: 'Invalid redirect URI' })).toBeVisible()
})

