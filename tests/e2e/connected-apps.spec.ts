// Connected apps and RP-initiated logout in a real browser, with a real relying party
// (oauth4webapi): the user authorizes a client, revokes it on /account, and the relying party's
// refresh then fails with invalid_grant.
import { expect, test, type Page } from '@playwright/test'
import * as oauth from 'oauth4webapi'
import { createClient, insecure, relyingParty, relyingPartyCallback, signUp, uniqueName } from './helpers'

const REDIRECT_URI = 'http://127.0.0.1:47124/callback'
const POST_LOGOUT_URI = 'http://127.0.0.1:47124/bye'

/** Registers a client, then authorizes it as a second, freshly signed-up user; returns its tokens. */
async function authorizeThroughBrowser(page: Page, baseURL: string, userPage: Page, postLogoutUris: string[] = []) {
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  if (postLogoutUris.length) {
    await page.goto(`/clients/${registered.clientId}`)
    await page.getByLabel('Post-logout redirect URIs').fill(postLogoutUris.join('\n'))
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(page.getByText(/saved/i).first()).toBeVisible()
  }
  const { as, client, clientAuth, codeVerifier, state, nonce, authorizationUrl: url } = await relyingParty(baseURL, registered, REDIRECT_URI)

  const relyingPartyPage = await relyingPartyCallback(userPage, REDIRECT_URI)
  const username = await signUp(userPage, uniqueName('ca'))
  await userPage.goto(url.toString())
  await userPage.getByRole('button', { name: 'Allow' }).click()
  const params = oauth.validateAuthResponse(as, client, await relyingPartyPage.received(), state)
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT_URI, codeVerifier, insecure)
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true })
  return { as, client, clientAuth, tokens, username, registered }
}

test('a user revokes a connected app on /account, and the relying party\'s refresh then fails with invalid_grant', async ({ page, baseURL, browser }) => {
  const userContext = await browser.newContext()
  const userPage = await userContext.newPage()
  const { as, client, clientAuth, tokens } = await authorizeThroughBrowser(page, baseURL!, userPage)

  // The app works: userinfo answers, and a refresh succeeds.
  const info = await oauth.userInfoRequest(as, client, tokens.access_token, insecure)
  expect((await info.json()).sub).toBeTruthy()
  const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure))

  // The user sees it under connected apps and revokes it.
  await userPage.goto('/account')
  const apps = userPage.getByRole('list', { name: 'Connected apps' })
  const item = apps.getByRole('listitem')
  await expect(item).toHaveCount(1)
  await expect(item).toContainText('openid')
  await item.getByRole('button', { name: 'Revoke' }).click()
  await expect(apps.getByRole('listitem')).toHaveCount(0)

  const afterRevoke = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshed.refresh_token!, insecure)
  await expect(oauth.processRefreshTokenResponse(as, client, afterRevoke)).rejects.toMatchObject({ error: 'invalid_grant' })
  const resource = await fetch(new URL('/api/resources', baseURL), { headers: { authorization: `Bearer ${refreshed.access_token}` } })
  expect(resource.status).toBe(401)
  await userContext.close()
})

test('RP-initiated logout with id_token_hint ends the session and returns to the registered URI with state', async ({ page, baseURL, browser }) => {
  const userContext = await browser.newContext()
  const userPage = await userContext.newPage()
  const { as, tokens, username } = await authorizeThroughBrowser(page, baseURL!, userPage, [POST_LOGOUT_URI])
  await userPage.goto('/account')
  await expect(userPage.getByText(username).first()).toBeVisible()

  // An unregistered target is refused, and the session survives.
  const refused = await userPage.goto(`${as.end_session_endpoint}?${new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:47124/elsewhere' })}`)
  expect(refused!.status()).toBe(400)
  await userPage.goto('/account')
  await expect(userPage).toHaveURL(/\/account/)

  // Playwright cannot intercept an HTTP redirect to another origin, so the relying party's side is
  // read from the 303 itself, sent with the browser context's own cookies.
  const logout = await userContext.request.get(`${as.end_session_endpoint}?${new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye-state' })}`, { maxRedirects: 0 })
  expect(logout.status()).toBe(303)
  expect(logout.headers()['location']).toBe(`${POST_LOGOUT_URI}?state=bye-state`)
  await userPage.goto('/account')
  await expect(userPage).toHaveURL(/\/login/)
  await userContext.close()
})

test('RP-initiated logout without id_token_hint asks the user to confirm', async ({ page }) => {
  await signUp(page)
  await page.goto('/oauth/logout')
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/logout\/done/)
  await expect(page.getByText('You are logged out')).toBeVisible()
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login/)
})
