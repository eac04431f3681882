// Second factors in a real browser: an authenticator app set up from the QR page's secret, the
// second step after the password, replay and recovery codes, amr in ID tokens from a full
// code + PKCE flow, and passkeys through Chromium's virtual authenticator.
import { expect, test, type Page } from '@playwright/test'
import { codeAt, setUpAuthenticator } from './authenticator'
import { expectCleanPage } from './clean-page'
import { E2E_PASSWORD, createClient, redeemCode, relyingParty, signUp } from './helpers'

const REDIRECT_URI = 'http://127.0.0.1:47124/callback'

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
  const rp = await relyingParty(baseURL!, registered, REDIRECT_URI)

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

  await userPage.goto(rp.authorizationUrl.toString())
  await expect(userPage).toHaveURL(/\/login\?/)
  await userPage.getByLabel('Username or email').fill(username)
  await userPage.getByLabel('Password').fill(E2E_PASSWORD)
  await userPage.getByRole('button', { name: 'Log in' }).click()
  await secondStep(userPage, await codeAt(secret, 30))
  await userPage.getByRole('button', { name: 'Allow' }).click()
  await expect.poll(() => callback).not.toBeNull()

  const { claims } = await redeemCode(rp, callback!, REDIRECT_URI)
  expect(claims.amr).toEqual(['pwd', 'otp', 'mfa'])
  expect(typeof claims.auth_time).toBe('number')
  await context.close()
})

async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  })
}

test('passkeys: register with the virtual authenticator, sign in with it, and use it as the second step', async ({ page }) => {
  await virtualAuthenticator(page)
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

test('acr_values=urn:gatehouse:mfa steps up the signed-in session: the app code, not the password again; acr in the ID token', async ({ page, baseURL }) => {
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  const { secret } = await setUpAuthenticator(page)
  const rp = await relyingParty(baseURL!, registered, REDIRECT_URI)
  rp.authorizationUrl.searchParams.set('acr_values', 'urn:gatehouse:mfa')
  let callback: URL | null = null
  await page.route('http://127.0.0.1:47124/**', async (route) => {
    callback = new URL(route.request().url())
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>relying party</p>' })
  })

  // Signed in with the password only: straight to the second step, no login form.
  await page.goto(rp.authorizationUrl.toString())
  await secondStep(page, await codeAt(secret, 30))
  await page.getByRole('button', { name: 'Allow' }).click()
  await expect.poll(() => callback).not.toBeNull()
  // The redirect has landed: a navigation started now does not interrupt it (or it this one).
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:47124\//)

  const { claims } = await redeemCode(rp, callback!, REDIRECT_URI)
  expect(claims.acr).toBe('urn:gatehouse:mfa')
  expect(claims.amr).toEqual(['pwd', 'otp', 'mfa'])
  // The step-up replaced the session: still signed in, as the same user.
  await page.goto('/account')
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
})

test('axe and 390 px: app setup, recovery codes shown, the second step with a wrong code', async ({ page }) => {
  const username = await signUp(page)
  await page.goto('/account/authenticator')
  await expect(page.getByRole('img', { name: 'QR code for the authenticator app' })).toBeVisible()
  await expectCleanPage(page, '/account/authenticator')
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '')
  await page.getByLabel('Authentication code').fill(await codeAt(secret))
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10)
  await expectCleanPage(page, '/account/authenticator (recovery codes shown)')
  await page.goto('/account')
  await logOut(page)

  await logIn(page, username)
  await expect(page).toHaveURL(/\/login\/verify/)
  await secondStep(page, '000000')
  await expect(page.getByText('That code is not right')).toBeVisible()
  await expectCleanPage(page, '/login/verify (a wrong code)')
})

test('axe and 390 px: the factors on /account; removing a passkey asks for the password (a stolen session cannot strip it)', async ({ page }) => {
  await virtualAuthenticator(page)
  await signUp(page)
  await page.goto('/account')
  await page.getByLabel('Passkey name').fill('Test laptop')
  await page.getByRole('button', { name: 'Add passkey' }).click()
  await expect(page.getByText('Passkey “Test laptop” added.')).toBeVisible()
  await page.reload()
  await page.getByText('Remove passkey Test laptop', { exact: true }).click()
  await page.getByLabel('Password to remove passkey Test laptop').fill('not the password')
  await page.getByRole('button', { name: 'Remove passkey' }).click()
  await expect(page.getByText('That is not your password.')).toBeVisible()
  await expectCleanPage(page, '/account (factors, a refused passkey removal)')
  await page.getByLabel('Password to remove passkey Test laptop').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: 'Remove passkey' }).click()
  await expect(page.getByRole('list', { name: 'Passkeys' })).not.toContainText('Test laptop')
})
