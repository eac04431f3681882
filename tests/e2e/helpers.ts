// Shared browser steps: the people-facing flows every e2e spec starts from.
import { expect, type Browser, type Page } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import * as oauth from 'oauth4webapi'

let counter = 0
export function uniqueName(prefix: string): string {
  counter += 1
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`.slice(0, 32)
}

export const E2E_PASSWORD = 'e2e password 123'

export async function signUp(page: Page, username = uniqueName('u')): Promise<string> {
  await page.goto('/signup')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Email').fill(`${username}@example.test`)
  await page.getByLabel('Password').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page).toHaveURL(/\/account/)
  return username
}

export interface CreatedClient { clientId: string; clientSecret: string | null }

/** Registers a client through /clients/new and reads the id and the once-shown secret. */
export async function createClient(page: Page, options: { name?: string; type?: 'Confidential' | 'Public'; redirectUris: string[]; postLogoutRedirectUris?: string[]; grantTypes?: string[]; scopes?: string[] }): Promise<CreatedClient> {
  await page.goto('/clients/new')
  await page.getByLabel('Client name').fill(options.name ?? uniqueName('App '))
  await page.getByLabel('Client type').selectOption({ label: options.type ?? 'Confidential' })
  await page.getByLabel('Redirect URIs', { exact: true }).fill(options.redirectUris.join('\n'))
  if (options.postLogoutRedirectUris) await page.getByLabel('Post-logout redirect URIs', { exact: true }).fill(options.postLogoutRedirectUris.join('\n'))
  for (const grant of options.grantTypes ?? ['authorization_code', 'refresh_token']) await page.getByLabel(grant, { exact: true }).check()
  const scopes = page.getByRole('group', { name: 'Scopes' })
  for (const scope of options.scopes ?? ['openid', 'profile', 'email', 'offline_access']) await scopes.getByLabel(scope, { exact: true }).check()
  await page.getByRole('button', { name: 'Create client' }).click()
  const clientId = (await page.getByTestId('client-id').textContent({ timeout: 15_000 }))!.trim()
  const secretElement = page.getByTestId('client-secret')
  const clientSecret = (options.type ?? 'Confidential') === 'Confidential' ? (await secretElement.textContent())!.trim() : null
  return { clientId, clientSecret }
}

export const insecure = { [oauth.allowInsecureRequests]: true }

/** A relying party (oauth4webapi) for a registered confidential client: discovery, then an
 * authorization URL with PKCE, state and nonce, and the values it must check the answer with. */
export async function relyingParty(baseURL: string, registered: CreatedClient, redirectUri: string) {
  const issuer = new URL(baseURL)
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure))
  const client: oauth.Client = { client_id: registered.clientId }
  const clientAuth = oauth.ClientSecretBasic(registered.clientSecret!)
  const codeVerifier = oauth.generateRandomCodeVerifier()
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const authorizationUrl = new URL(as.authorization_endpoint!)
  authorizationUrl.search = new URLSearchParams({
    client_id: client.client_id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile email offline_access',
    state, nonce, code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
  }).toString()
  return { issuer, as, client, clientAuth, codeVerifier, state, nonce, authorizationUrl }
}

export type RelyingParty = Awaited<ReturnType<typeof relyingParty>>

/** The relying party's end: checks the answer that reached its redirect URI, redeems the code
 * with its PKCE verifier and validates the ID token against its nonce. */
export async function redeemCode(rp: RelyingParty, callback: URL, redirectUri: string) {
  const params = oauth.validateAuthResponse(rp.as, rp.client, callback, rp.state)
  const response = await oauth.authorizationCodeGrantRequest(rp.as, rp.client, rp.clientAuth, params, redirectUri, rp.codeVerifier, insecure)
  const tokens = await oauth.processAuthorizationCodeResponse(rp.as, rp.client, response, { expectedNonce: rp.nonce, requireIdToken: true })
  return { tokens, claims: oauth.getValidatedIdTokenClaims(tokens)! }
}

export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password 1'

/** The first admin from playwright.config.ts; on a shared PostgreSQL that already had an admin,
 * one made with the admin CLI (PostgreSQL, unlike PGlite, allows a second process). */
export function adminUsername(): string {
  if (!process.env.DATABASE_URL) return process.env.E2E_ADMIN_USERNAME ?? 'e2e-admin'
  const username = uniqueName('adm')
  const result = spawnSync('npx', ['tsx', 'scripts/admin.ts', 'create', username, `${username}@example.test`], {
    env: { ...process.env, ADMIN_PASSWORD, BCRYPT_COST: '4', AUTH_SECRET: process.env.AUTH_SECRET ?? 'test-secret-that-is-long-enough-0123456789' }, encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(result.stderr)
  return username
}

export async function logInAs(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Username or email').fill(login)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page).toHaveURL(/\/account/)
  // The first admin's environment password must be replaced at the first login (unless the
  // spec that exercises that ran first): keep the same one, so later logins work.
  if (page.url().includes('must_change_password=1')) {
    const form = page.getByRole('form', { name: 'Change password' })
    await form.getByLabel('Current password').fill(password)
    await form.getByLabel('New password').fill(password)
    await form.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByText('Password changed.')).toBeVisible()
  }
}

export async function adminPageFor(browser: Browser, admin: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await logInAs(page, admin, ADMIN_PASSWORD)
  return page
}
/**
 * Stands in for the relying party at its redirect URI: the page's requests to that origin get a
 * small page of their own. `received()` waits until the browser has landed on the callback (so
 * the next navigation cannot race the redirect) and gives its URL.
 */
export async function relyingPartyCallback(page: Page, redirectUri: string): Promise<{ received(): Promise<URL> }> {
  const expected = new URL(redirectUri)
  let callback: URL | null = null
  await page.route(`${expected.origin}/**`, async (route) => {
    const target = new URL(route.request().url())
    if (target.pathname === expected.pathname) callback = target
    await route.fulfill({ status: 200, contentType: 'text/html', body: `<p>relying party ${target.pathname}</p>` })
  })
  return {
    async received() {
      await expect.poll(() => callback).not.toBeNull()
      await page.waitForURL(`${redirectUri}**`)
      return callback!
    },
  }
}
