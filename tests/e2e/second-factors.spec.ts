// Second factors in a real browser: an authenticator app set up from the QR page's secret, the
// second step after the password, replay and recovery codes, amr in ID tokens from a full
// code + PKCE flow, and passkeys through Chromium's virtual authenticator.
import { expect, test, type Page } from '@playwright/test'
import * as oauth from 'oauth4webapi'
import { generate } from 'otplib'
import { E2E_PASSWORD, createClient, relyingParty, insecure, signUp } from './helpers'

const REDIRECT_URI = 'http://127.0.0.1:47124/callback'
const codeAt = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds })

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login/)
}

async function logIn(page: Page, username: string, returnTo?: string) {
  await page.goto(returnTo ? `/login?return_to=${encodeURIComponent(returnTo)}` : '/login')
  await page.getByLabel('Username or email').fill(username)
  await page.getByLabel('Password').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
}

async function secondStep(page: Page, code: string) {
  await expect(page).toHaveURL(/\/login\/verify/)
  await page.getByLabel('Authentication code').fill(code)
  await page.getByRole('button', { name: 'Verify' }).click()
}

async function setUpAuthenticator(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto('/account')
  await page.getByRole('link', { name: 'Set up authenticator app' }).click()
  await expect(page.getByRole('img', { name: 'QR code for the authenticator app' })).toBeVisible()
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '')
  await page.getByLabel('Authentication code').fill(await codeAt(secret))
  await page.getByRole('button', { name: 'Verify' }).click()
  const list = page.getByRole('list', { name: 'Recovery codes' })
  await expect(list.getByRole('listitem')).toHaveCount(10)
  return { secret, recoveryCodes: (await list.getByRole('listitem').allTextContents()).map((code) => code.trim()) }
}

test('authenticator app: set up from the secret shown, second step after the password, replayed code refused, recovery code works once', async ({ page }) => {
  const username = await signUp(page)
  const { secret, recoveryCodes } = await setUpAuthenticator(page)
  await page.goto('/account')
  await expect(page.getByText('10 of 10 unused')).toBeVisible()
  await logOut(page)

  // The password alone no longer signs in: /account stays out of reach until the code.
  await logIn(page, username)
  await expect(page).toHaveURL(/\/login\/verify/)
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login\?/)
  await logIn(page, username)
  // The next step's code (the setup spent the current one).
  const code = await codeAt(secret, 30)
  await secondStep(page, code)
  await expect(page).toHaveURL(/\/account/)
  await logOut(page)

  // Replay of a code that already signed in is refused.
  await logIn(page, username)
  await secondStep(page, code)
  await expect(page.getByText('That code is not right')).toBeVisible()
  // A recovery code works once.
  await secondStep(page, recoveryCodes[0])
  await expect(page).toHaveURL(/\/account/)
  await expect(page.getByText('9 of 10 unused')).toBeVisible()
  await logOut(page)
  await logIn(page, username)
  await secondStep(page, recoveryCodes[0])
  await expect(page.getByText('That code is not right')).toBeVisible()
})

test('amr in the ID token of a full code + PKCE flow: pwd otp mfa after the second step', async ({ page, baseURL, browser }) => {
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  await logOut(page)
  const { as, client, clientAuth, codeVerifier, state, nonce, authorizationUrl } = await relyingParty(baseURL!, registered, REDIRECT_URI)

  const context = await browser.newContext()
  const userPage = await context.newPage()
  let callback: URL | null = null
  await userPage.route('http://127.0.0.1:47124/**', async (route) => {
    callback = new URL(route.request().url())
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>relying party</p>' })
  })
  const username = await signUp(userPage)
  const { secret } = await setUpAuthenticator(userPage)
  await logOut(userPage)

  await userPage.goto(authorizationUrl.toString())
  await expect(userPage).toHaveURL(/\/login\?/)
  await userPage.getByLabel('Username or email').fill(username)
  await userPage.getByLabel('Password').fill(E2E_PASSWORD)
  await userPage.getByRole('button', { name: 'Log in' }).click()
  await secondStep(userPage, await codeAt(secret, 30))
  await userPage.getByRole('button', { name: 'Allow' }).click()
  await expect.poll(() => callback).not.toBeNull()

  const params = oauth.validateAuthResponse(as, client, callback!, state)
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT_URI, codeVerifier, insecure)
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true })
  const claims = oauth.getValidatedIdTokenClaims(tokens)!
  expect(claims.amr).toEqual(['pwd', 'otp', 'mfa'])
  expect(typeof claims.auth_time).toBe('number')
  await context.close()
})

test('passkeys: register with the virtual authenticator, sign in with it, and use it as the second step', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  })
  const username = await signUp(page)
  await page.goto('/account')
  await page.getByLabel('Passkey name').fill('Test laptop')
  await page.getByRole('button', { name: 'Add passkey' }).click()
  await expect(page.getByText('Passkey “Test laptop” added.')).toBeVisible()
  // The first factor set up shows the recovery codes once.
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10)
  await page.reload()
  await expect(page.getByRole('list', { name: 'Passkeys' })).toContainText('Test laptop')
  await logOut(page)

  // First factor: no username, no password.
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(page).toHaveURL(/\/account/)
  await expect(page.getByRole('list', { name: 'Passkeys' })).toContainText('last used')
  await logOut(page)

  // Second step after the password.
  await logIn(page, username)
  await expect(page).toHaveURL(/\/login\/verify/)
  await page.getByRole('button', { name: 'Use a passkey' }).click()
  await expect(page).toHaveURL(/\/account/)
})
