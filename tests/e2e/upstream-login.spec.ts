// Sign in with an upstream provider, end to end: node-oidc-provider on loopback is the upstream
// issuer, and this spec starts its own Gatehouse (same build, same serving mode and database as
// the suite) with UPSTREAM_PROVIDERS naming it, plus a provider whose issuer is down.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import * as oauth from 'oauth4webapi'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort, startServer, stopServer, type RunningServer } from '../server/servers'
import { UPSTREAM_CLIENT_ID, UPSTREAM_CLIENT_SECRET, startUpstreamIdp, upstreamEmailOf, type UpstreamIdp } from '../helpers/upstream-idp'
import { createClient, insecure, relyingParty, signUp, uniqueName } from './helpers'

const mode = process.env.E2E_SERVER === 'lean' || process.env.E2E_SERVER_COMMAND?.includes('dist/server.mjs') ? 'lean' : 'next'
const RP_REDIRECT_URI = 'http://127.0.0.1:47125/callback'

test.describe.configure({ mode: 'serial', timeout: 120_000 })

let gatehouse: RunningServer
let idp: UpstreamIdp
let base: string

test.beforeAll(async () => {
  // A server of its own: a cold start (and, on the embedded database, its first migration) takes a while.
  test.setTimeout(240_000)
  const [gatehousePort, idpPort, downPort] = [await freePort(), await freePort(), await freePort()]
  base = `http://127.0.0.1:${gatehousePort}`
  idp = await startUpstreamIdp(idpPort, [`${base}/login/upstream/idp/callback`])
  gatehouse = await startServer(mode, {
    ISSUER: base,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gatehouse-upstream-e2e-')),
    BCRYPT_COST: '4',
    UPSTREAM_PROVIDERS: JSON.stringify([
      { id: 'idp', type: 'oidc', name: 'Test IdP', issuer: idp.issuer, client_id: UPSTREAM_CLIENT_ID, client_secret: UPSTREAM_CLIENT_SECRET },
      // Nothing listens there: the "provider unreachable" page.
      { id: 'down', type: 'oidc', name: 'Down IdP', issuer: `http://127.0.0.1:${downPort}`, client_id: 'x', client_secret: 'y' },
    ]),
  }, gatehousePort)
})

// The server's log tells why a step failed (its own output is not the suite's).
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && gatehouse) console.log(gatehouse.output())
})

test.afterAll(async () => {
  if (gatehouse) await stopServer(gatehouse)
  if (idp) await idp.stop()
})

/** A browser of its own against this spec's Gatehouse. The upstream's development pages load a
 * web font from the internet, which is refused here at once. */
async function newBrowser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: base })
  await context.route(/^https:\/\//, (route) => route.abort())
  return { context, page: await context.newPage() }
}

const atGatehouse = (url: URL) => url.origin === base

/** At the upstream: signs in as `login` when its login page shows, approves its consent page
 * when it asks, and waits to be back at Gatehouse. */
async function approveAtUpstream(page: Page, login: string | null): Promise<void> {
  if (login !== null) {
    // Its login page comes after a redirect: fill it only once it is the page shown.
    await page.waitForURL(/\/interaction\//, { waitUntil: 'load' })
    await page.locator('input[name="login"]').fill(login)
    await page.locator('input[name="password"]').fill('any password')
    await page.getByRole('button', { name: 'Sign-in' }).click()
  }
  const proceed = page.getByRole('button', { name: 'Continue' })
  await Promise.race([page.waitForURL(atGatehouse), proceed.waitFor()])
  if (!atGatehouse(new URL(page.url()))) await proceed.click()
  await page.waitForURL(atGatehouse)
}

async function usernameOnAccountPage(page: Page): Promise<string> {
  await page.goto('/account')
  return page.getByRole('form', { name: 'Change username' }).getByLabel('Username').inputValue()
}

test('sign-up through the upstream creates an account; a later sign-in returns to it', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  const login = uniqueName('alice')
  await page.goto('/signup')
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  await approveAtUpstream(page, login)
  await expect(page).toHaveURL(/\/account$/)
  expect(await usernameOnAccountPage(page)).toBe(login)
  await expect(page.getByRole('form', { name: 'Change email' }).getByLabel('Email')).toHaveValue(upstreamEmailOf(login))
  await expect(page.getByRole('list', { name: 'Linked providers' })).toContainText('Test IdP')
  await expect(page.getByRole('list', { name: 'Security activity' })).toContainText('user.signed_up')

  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login/)
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  // Still signed in at the upstream: it answers without asking again.
  await approveAtUpstream(page, null)
  expect(await usernameOnAccountPage(page)).toBe(login)
  await context.close()
})

test('an existing account links the upstream from /account, then unlinks it', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  await signUp(page)
  await page.getByRole('button', { name: 'Link Test IdP' }).click()
  await approveAtUpstream(page, uniqueName('bob'))
  await expect(page).toHaveURL(/\/account$/)
  const linked = page.getByRole('list', { name: 'Linked providers' })
  await expect(linked).toContainText('Test IdP')
  await expect(page.getByRole('list', { name: 'Security activity' })).toContainText('upstream.linked')

  await page.getByRole('form', { name: 'Unlink Test IdP' }).getByRole('button', { name: 'Unlink' }).click()
  // The page is rendered again without the link, offering it instead.
  await expect(page.getByRole('button', { name: 'Link Test IdP' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Linked providers' })).not.toContainText('Test IdP')
  await expect(page.getByRole('list', { name: 'Security activity' })).toContainText('upstream.unlinked')
  // Password login still works: unlinking left the other way in.
  await context.close()
})

test('the person declines at the upstream: a clear page, no account', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  await page.goto('/login')
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  await page.getByRole('link', { name: '[ Cancel ]' }).click()
  await page.waitForURL(atGatehouse)
  await expect(page.getByRole('heading', { name: 'Sign-in cancelled' })).toBeVisible()
  await context.close()
})

test('login CSRF: a callback with a tampered state, or one started in another browser, signs nobody in', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  // Hold the genuine answer instead of delivering it.
  let genuine: string | null = null
  await page.route(`${base}/login/upstream/idp/callback?*`, async (route) => {
    genuine = route.request().url()
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>held</p>' })
  })
  await page.goto('/login')
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  await approveAtUpstream(page, uniqueName('mallory'))
  await expect.poll(() => genuine).not.toBeNull()
  await page.unroute(`${base}/login/upstream/idp/callback?*`)

  // The attacker's own answer, opened in the victim's browser: no flow of this browser matches.
  const victim = await newBrowser(browser)
  await victim.page.goto(genuine!)
  await expect(victim.page.getByRole('heading', { name: 'This sign-in link is not valid' })).toBeVisible()
  await victim.page.goto('/account')
  await expect(victim.page).toHaveURL(/\/login/)
  await victim.context.close()

  // The right browser, with the state changed on the way.
  const tampered = new URL(genuine!)
  tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`)
  await page.goto(tampered.href)
  await expect(page.getByRole('heading', { name: 'This sign-in link is not valid' })).toBeVisible()
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login/)
  await context.close()
})

test('ID token replay: an ID token minted for another nonce is refused', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  // The request reaching the upstream carries another nonce than the one Gatehouse sealed.
  await page.route(`${idp.issuer}/auth?*`, async (route) => {
    const url = new URL(route.request().url())
    if (url.searchParams.get('nonce')?.endsWith('-other')) return route.continue()
    url.searchParams.set('nonce', `${url.searchParams.get('nonce')}-other`)
    await route.fulfill({ status: 302, headers: { Location: url.href } })
  })
  await page.goto('/login')
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  await approveAtUpstream(page, uniqueName('nonce'))
  await expect(page.getByRole('heading', { name: 'The provider\'s answer failed our checks' })).toBeVisible()
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login/)
  await context.close()
})

test('an upstream that is down gets a clear page, not an error', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  await page.goto('/login')
  await page.getByRole('button', { name: 'Continue with Down IdP' }).click()
  await expect(page.getByRole('heading', { name: 'The provider is not reachable' })).toBeVisible()
  await context.close()
})

test('a relying party\'s code + PKCE flow completes for a user who signs in upstream', async ({ browser }) => {
  const developer = await newBrowser(browser)
  await signUp(developer.page)
  const registered = await createClient(developer.page, { redirectUris: [RP_REDIRECT_URI] })
  await developer.context.close()
  const { as, client, clientAuth, codeVerifier, state, nonce, authorizationUrl } = await relyingParty(base, registered, RP_REDIRECT_URI)

  const { context, page } = await newBrowser(browser)
  let callback: URL | null = null
  await page.route('http://127.0.0.1:47125/**', async (route) => {
    callback = new URL(route.request().url())
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>relying party</p>' })
  })
  await page.goto(authorizationUrl.href)
  await expect(page).toHaveURL(/\/login\?/)
  const login = uniqueName('carol')
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  await approveAtUpstream(page, login)
  await page.getByRole('button', { name: 'Allow' }).click()
  await expect.poll(() => callback).not.toBeNull()

  const params = oauth.validateAuthResponse(as, client, callback!, state)
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, RP_REDIRECT_URI, codeVerifier, insecure)
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true })
  const claims = oauth.getValidatedIdTokenClaims(tokens)!
  expect(claims.preferred_username).toBe(login)
  expect(claims.email).toBe(upstreamEmailOf(login))
  // Nothing of the upstream's tokens reaches the relying party.
  expect(JSON.stringify(tokens)).not.toContain(idp.issuer)
  await context.close()
})
