// Every page as one product: each page (logged out, logged in, admin, consent, every error page)
// passes axe with no serious or critical violation and does not scroll sideways at 390 px; and
// the named behaviours: rotate confirmation, all form errors at once, the application named on
// the login page, the styled 404 and 503 pages.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { unavailablePage } from '../../lib/unavailable-page'
import { adminPageFor, adminUsername, createClient, relyingParty, signUp, uniqueName } from './helpers'

const REDIRECT_URI = 'http://127.0.0.1:47124/callback'
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

/** The page as loaded now: axe finds nothing serious, and at 390 px nothing is wider than the screen. */
async function expectCleanPage(page: Page, label: string): Promise<void> {
  await page.setViewportSize(DESKTOP)
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  // Soft: one run lists every page's problems, not only the first.
  expect.soft(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), label).toEqual([])
  await page.setViewportSize(PHONE)
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  expect.soft(widths.scroll, `${label} scrolls sideways at 390 px`).toBeLessThanOrEqual(widths.client)
  await page.setViewportSize(DESKTOP)
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path, { waitUntil: 'load' })
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage()
}

/** Loads a page (or takes the one shown) and checks it; the label names it in failures. */
async function check(page: Page, path: string | null, label = path ?? page.url()): Promise<void> {
  if (path) await visit(page, path)
  await expectCleanPage(page, label)
}

test('axe and 390 px: logged-out pages and the protocol pages that refuse a request', async ({ browser }) => {
  test.setTimeout(300_000)
  const visitor = await newPage(browser)
  for (const path of ['/', '/login', '/signup', '/login?logged_out=1', '/logout/done', '/no-such-page',
    '/oauth/authorize?client_id=no-such-client&response_type=code', '/oauth/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F']) {
    await check(visitor, path)
  }
})

test('axe and 390 px: account and client pages, before and after creating a client, a refused redirect URI', async ({ browser, baseURL }) => {
  test.setTimeout(480_000)
  const developer = await newPage(browser)
  await signUp(developer)
  for (const path of ['/account', '/clients', '/clients/new']) await check(developer, path)
  const registered = await createClient(developer, { name: uniqueName('Pages app '), redirectUris: [REDIRECT_URI] })
  await check(developer, null, '/clients/new (client created)')
  await check(developer, `/clients/${registered.clientId}`)
  const { authorizationUrl } = await relyingParty(baseURL!, registered, REDIRECT_URI)
  const badRedirect = new URL(authorizationUrl)
  badRedirect.searchParams.set('redirect_uri', 'https://evil.example/cb')
  await check(developer, badRedirect.toString(), '/oauth/authorize (redirect URI not registered)')
})

test('axe and 390 px: login and sign-up naming the app, consent, an expired request, logout confirmation, someone else\'s client', async ({ browser, baseURL }) => {
  test.setTimeout(480_000)
  const developer = await newPage(browser)
  await signUp(developer)
  const registered = await createClient(developer, { name: uniqueName('Consent app '), redirectUris: [REDIRECT_URI] })
  const { authorizationUrl } = await relyingParty(baseURL!, registered, REDIRECT_URI)

  const user = await newPage(browser)
  await user.goto(authorizationUrl.toString())
  await expect(user).toHaveURL(/\/login\?/)
  await check(user, null, '/login (during an authorization)')
  await user.getByRole('main').getByRole('link', { name: 'Sign up' }).click()
  await check(user, null, '/signup (during an authorization)')
  await signUp(user)
  await user.goto(authorizationUrl.toString())
  await expect(user.getByRole('button', { name: 'Allow' })).toBeVisible()
  await check(user, null, '/consent')
  await check(user, '/consent?request=expired-or-never-was-0000')
  await check(user, `/clients/${registered.clientId}`, '/clients/<not yours> (404)')
  await check(user, '/oauth/logout', '/oauth/logout (confirmation)')
})

test('axe and 390 px: the admin pages', async ({ browser }) => {
  test.setTimeout(300_000)
  const admin = await adminPageFor(browser, adminUsername())
  for (const path of ['/admin', '/admin/users', '/admin/clients', '/admin/scopes', '/admin/audit']) await check(admin, path)
})

test('rotate confirmation: Rotate secret does nothing until the box is ticked, then shows only the new secret', async ({ page }) => {
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  await page.goto(`/clients/${registered.clientId}`)
  const edit = page.getByRole('form', { name: 'Edit client' })
  await edit.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(edit.getByRole('status')).toHaveText('Saved.')

  const rotate = page.getByRole('form', { name: 'Rotate secret' })
  await rotate.getByRole('button', { name: 'Rotate secret' }).click()
  await expect(rotate.getByRole('checkbox', { name: /current secret stops working/ })).toBeFocused()
  await expect(page.getByTestId('client-secret')).toHaveCount(0)

  await rotate.getByRole('checkbox', { name: /current secret stops working/ }).check()
  await rotate.getByRole('button', { name: 'Rotate secret' }).click()
  await expect(page.getByTestId('client-secret')).toHaveText(/^[A-Za-z0-9_-]{43}$/)
  expect((await page.getByTestId('client-secret').textContent())?.trim()).not.toBe(registered.clientSecret)
  // No stale text around the new secret: not "cannot be shown again", not the earlier "Saved.".
  await expect(page.getByText('cannot be shown again')).toHaveCount(0)
  await expect(page.getByText('Saved.')).toHaveCount(0)
  await expect(rotate.getByRole('button', { name: 'Copy client secret' })).toBeVisible()
})

test('all errors at once: a bad homepage does not hide the per-line redirect URI errors', async ({ page }) => {
  await signUp(page)
  await page.goto('/clients/new')
  const form = page.getByRole('form', { name: 'Create client' })
  await form.getByLabel('Client name', { exact: true }).fill('')
  await form.getByLabel('Redirect URIs', { exact: true }).fill('https://ok.example.com/cb\nhttp://app.example.com/cb\nhttps://app.example.com/cb#frag')
  await form.getByLabel('Homepage URL').fill('http://app.example.com')
  await form.getByRole('button', { name: 'Create client' }).click()
  await expect(form.getByRole('alert').filter({ hasText: 'Line 2' })).toContainText('Line 3')
  await expect(form.getByRole('alert').filter({ hasText: 'https' }).first()).toBeVisible()
  await expect(page.locator('#field-homepageUrl-error')).toContainText('https')
  await expect(page.locator('#field-name-error')).toHaveText('Enter a name.')
  await expect(page.getByRole('heading', { name: 'Register a client' })).toBeVisible()
})

test('the login page names the application and its developer during an authorization', async ({ page, browser, baseURL }) => {
  const developer = await signUp(page)
  const name = uniqueName('Orders ')
  const registered = await createClient(page, { name, redirectUris: [REDIRECT_URI] })
  const { authorizationUrl } = await relyingParty(baseURL!, registered, REDIRECT_URI)

  const user = await newPage(browser)
  await user.goto(authorizationUrl.toString())
  await expect(user).toHaveURL(/\/login\?/)
  await expect(user.getByRole('heading', { name: `Log in to continue to ${name}` })).toBeVisible()
  await expect(user.getByTestId('pending-application')).toContainText(`Made by ${developer}`)
  await user.getByRole('main').getByRole('link', { name: 'Sign up' }).click()
  await expect(user.getByTestId('pending-application')).toContainText(name)

  // Without a pending authorization the page is the plain one.
  await user.goto('/login')
  await expect(user.getByRole('heading', { name: 'Log in to Gatehouse' })).toBeVisible()
  await expect(user.getByTestId('pending-application')).toHaveCount(0)
})

test('styled 404 and 503: the app\'s layout, a real title, a way on', async ({ page }) => {
  const missing = await page.goto('/no-such-page')
  expect(missing?.status()).toBe(404)
  await expect(page).toHaveTitle('Page not found · Gatehouse')
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gatehouse' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible()
  const favicon = await page.request.get('/favicon.ico')
  expect(favicon.status()).toBe(200)

  // The 503 page exactly as the server sends it while the database is away.
  const outage = unavailablePage()
  const sent = await outage.text()
  expect(sent).toContain('<meta http-equiv="refresh" content="5">')
  // Served without its reload, which would navigate away in the middle of the checks.
  const body = sent.replace('<meta http-equiv="refresh" content="5">', '')
  await page.route('**/account', (route) => route.fulfill({ status: 503, headers: Object.fromEntries(outage.headers), body }))
  const answer = await page.goto('/account')
  expect(answer?.status()).toBe(503)
  await expect(page).toHaveTitle('Temporarily unavailable · Gatehouse')
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gatehouse' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Temporarily unavailable' })).toBeVisible()
  await expectCleanPage(page, '503 page')
})
