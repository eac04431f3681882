// Sign in with an upstream provider, end to end: node-oidc-provider on loopback is the upstream
// issuer, and this spec starts its own Gatehouse (same build, same serving mode and database as
// the suite) with UPSTREAM_PROVIDERS naming it, plus a provider whose issuer is down. The tests
// are independent of each other: each has its own browser context and upstream login name.
import { expect, test, type Browser, type BrowserContext, type Frame, type Page, type Request } from '@playwright/test'
import { codeAt, setUpAuthenticator } from './authenticator'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort, startServer, stopServer, type RunningServer } from '../server/servers'
import { UPSTREAM_CLIENT_ID, UPSTREAM_CLIENT_SECRET, startUpstreamIdp, upstreamEmailOf, type UpstreamIdp } from '../helpers/upstream-idp'
import { createClient, redeemCode, relyingParty, signUp, uniqueName } from './helpers'

const mode = process.env.E2E_SERVER === 'lean' || process.env.E2E_SERVER_COMMAND?.includes('dist/server.mjs') ? 'lean' : 'next'
const RP_REDIRECT_URI = 'http://127.0.0.1:47125/callback'

test.describe.configure({ timeout: 60_000 })

let gatehouse: RunningServer
let idp: UpstreamIdp
let base: string

test.beforeAll(async () => {
  // A server of its own: a cold start (and, on the embedded database, its first migration) takes a while.
  test.setTimeout(120_000)
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
const CALLBACK_PATH = '/login/upstream/idp/callback'

/** Resolves once the browser is back from the upstream: the callback was requested and the page
 * it leads to (its redirect's target, or its own page) is committed and loaded. Waiting for a
 * URL instead would race: the page may still show the Gatehouse page the sign-in started from,
 * or the same path it returns to. */
function backFromUpstream(page: Page): Promise<void> {
  return new Promise<void>((resolve) => {
    let answered = false
    const onRequest = (request: Request) => {
      if (request.isNavigationRequest() && request.url().startsWith(`${base}${CALLBACK_PATH}?`)) answered = true
    }
    const onNavigated = (frame: Frame) => {
      if (!answered || frame !== page.mainFrame()) return
      page.off('request', onRequest)
      page.off('framenavigated', onNavigated)
      resolve()
    }
    page.on('request', onRequest)
    page.on('framenavigated', onNavigated)
  }).then(() => page.waitForLoadState())
}

/** At the upstream's login page (after redirects): signs in as `login`. */
async function signInAtUpstream(page: Page, login: string): Promise<void> {
  await page.waitForURL(/\/interaction\//, { waitUntil: 'load' })
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
}

/** Clicks the Gatehouse button `button` (Continue with…, Link…), signs in at the upstream as
 * `login` (null: still signed in there), approves its consent page when it asks, and waits until
 * the browser is back at Gatehouse. */
async function throughUpstream(page: Page, button: string, login: string | null): Promise<void> {
  const back = backFromUpstream(page)
  await page.getByRole('button', { name: button }).click()
  if (login !== null) await signInAtUpstream(page, login)
  const proceed = page.getByRole('button', { name: 'Continue', exact: true })
  const consentAsked = proceed.waitFor().then(() => true, () => false)
  if (await Promise.race([back.then(() => false), consentAsked])) await proceed.click()
  await back
}

async function signUpUpstream(page: Page, login: string): Promise<void> {
  await page.goto('/signup')
  await throughUpstream(page, 'Continue with Test IdP', login)
  await expect(page).toHaveURL(/\/account$/)
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login/)
}

async function usernameOnAccountPage(page: Page): Promise<string> {
  await page.goto('/account')
  return page.getByRole('form', { name: 'Change username' }).getByLabel('Username').inputValue()
}

test('sign-up through the upstream creates an account; a later sign-in returns to it', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  const login = uniqueName('alice')
  await signUpUpstream(page, login)
  expect(await usernameOnAccountPage(page)).toBe(login)
  await expect(page.getByRole('form', { name: 'Change email' }).getByLabel('Email')).toHaveValue(upstreamEmailOf(login))
  // The upstream vouched for the address: confirmed without a mailed link.
  await expect(page.getByText(`Your email address ${upstreamEmailOf(login)} is confirmed.`)).toBeVisible()
  await expect(page.getByRole('list', { name: 'Linked providers' })).toContainText('Test IdP')
  await expect(page.getByRole('list', { name: 'Security activity' })).toContainText('You created your account.')

  await logOut(page)
  // Still signed in at the upstream: it answers without asking again.
  await throughUpstream(page, 'Continue with Test IdP', null)
  await expect(page).toHaveURL(/\/account$/)
  expect(await usernameOnAccountPage(page)).toBe(login)
  await context.close()
})

test('an existing account links the upstream from /account, then unlinks it', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  await signUp(page)
  await throughUpstream(page, 'Link Test IdP', uniqueName('bob'))
  await expect(page).toHaveURL(/\/account$/)
  const linked = page.getByRole('list', { name: 'Linked providers' })
  await expect(linked).toContainText('Test IdP')
  await expect(page.getByRole('list', { name: 'Security activity' })).toContainText('You linked a sign-in provider')

  await page.getByRole('form', { name: 'Unlink Test IdP' }).getByRole('button', { name: 'Unlink' }).click()
  // The page is rendered again without the link, offering it instead.
  await expect(page.getByRole('button', { name: 'Link Test IdP' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Linked providers' })).not.toContainText('Test IdP')
  await expect(page.getByRole('list', { name: 'Security activity' })).toContainText('You unlinked a sign-in provider')
  await context.close()
})

test('second-factor bypass: an account with an authenticator app that signs in upstream is asked for its code, with no session before it', async ({ browser }) => {
  const { context, page } = await newBrowser(browser)
  const login = uniqueName('dave')
  await signUpUpstream(page, login)
  const { secret } = await setUpAuthenticator(page)
  await page.goto('/account')
  await logOut(page)

  await throughUpstream(page, 'Continue with Test IdP', null)
  await expect(page).toHaveURL(/\/login\/verify/)
  // Control of the upstream account alone is not a session here.
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login\?/)
  await page.goto('/login/verify')
  // The next step's code (the setup spent the current one).
  await page.getByLabel('Authentication code').fill(await codeAt(secret, 30))
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page).toHaveURL(/\/account/)
  expect(await usernameOnAccountPage(page)).toBe(login)
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
  await page.goto('/login')
  await page.getByRole('button', { name: 'Continue with Test IdP' }).click()
  await signInAtUpstream(page, uniqueName('mallory'))
  const genuine = await answerWithoutDelivering(page)

  // The attacker's own answer, opened in the victim's browser: no flow of this browser matches.
  const victim = await newBrowser(browser)
  await victim.page.goto(genuine)
  await expect(victim.page.getByRole('heading', { name: 'This sign-in link is not valid' })).toBeVisible()
  await victim.page.goto('/account')
  await expect(victim.page).toHaveURL(/\/login/)
  await victim.context.close()

  // The right browser, with the state changed on the way.
  const tampered = new URL(genuine)
  tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`)
  await page.goto(tampered.href)
  await expect(page.getByRole('heading', { name: 'This sign-in link is not valid' })).toBeVisible()
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login/)
  // The flow was answered once (wrongly): the genuine answer no longer signs in either.
  await page.goto(genuine)
  await expect(page.getByRole('heading', { name: 'This sign-in link is not valid' })).toBeVisible()
  await context.close()
})

/** The upstream's answer to the flow on its consent page, read instead of delivered: the consent
 * is posted outside the page (sharing its cookies) and the redirects are read, not followed. A
 * route cannot hold it: routes see only the first request of a redirect chain. */
async function answerWithoutDelivering(page: Page): Promise<string> {
  const proceed = page.getByRole('button', { name: 'Continue', exact: true })
  await proceed.waitFor()
  const action = new URL((await page.locator('form', { has: proceed }).getAttribute('action'))!, page.url())
  let response = await page.request.post(action.href, { form: { prompt: 'consent' }, maxRedirects: 0 })
  let at = action
  for (let hop = 0; hop < 5; hop++) {
    const location = response.headers().location
    expect(location, `redirect ${hop} from ${at.pathname}`).toBeTruthy()
    at = new URL(location, at)
    if (at.href.startsWith(`${base}${CALLBACK_PATH}?`)) return at.href
    response = await page.request.get(at.href, { maxRedirects: 0 })
  }
  throw new Error('the upstream never redirected to the callback')
}

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
  await throughUpstream(page, 'Continue with Test IdP', uniqueName('nonce'))
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
  const rp = await relyingParty(base, registered, RP_REDIRECT_URI)

  const { context, page } = await newBrowser(browser)
  let callback: URL | null = null
  await page.route('http://127.0.0.1:47125/**', async (route) => {
    callback = new URL(route.request().url())
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>relying party</p>' })
  })
  await page.goto(rp.authorizationUrl.href)
  await expect(page).toHaveURL(/\/login\?/)
  const login = uniqueName('carol')
  await throughUpstream(page, 'Continue with Test IdP', login)
  await page.getByRole('button', { name: 'Allow' }).click()
  await expect.poll(() => callback).not.toBeNull()

  const { tokens, claims } = await redeemCode(rp, callback!, RP_REDIRECT_URI)
  expect(claims.preferred_username).toBe(login)
  expect(claims.email).toBe(upstreamEmailOf(login))
  expect(claims.email_verified).toBe(true)
  // The upstream reported no authentication method, and Gatehouse claims none on its behalf.
  expect(claims.amr).toBeUndefined()
  // Nothing of the upstream's tokens reaches the relying party.
  expect(JSON.stringify(tokens)).not.toContain(idp.issuer)
  await context.close()
})
