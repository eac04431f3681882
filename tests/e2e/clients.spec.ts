// The developer dashboard in a real browser: register confidential and public
// clients, see the secret exactly once, edit redirect URIs, rotate the secret, delete; and the
// attacks: another user opening or posting actions for someone else's client gets 404.
import { expect, test, type Browser, type Page } from '@playwright/test'

const password = 'correct horse battery'

let counter = 0
function unique(prefix: string): string {
  counter += 1
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`
}

async function signUp(page: Page): Promise<string> {
  const username = unique('dev')
  await page.goto('/signup')
  const form = page.getByRole('form', { name: 'Sign up' })
  await form.getByLabel('Username', { exact: true }).fill(username)
  await form.getByLabel('Email', { exact: true }).fill(`${username}@example.com`)
  await form.getByLabel('Password', { exact: true }).fill(password)
  await form.getByRole('button', { name: 'Sign up' }).click()
  await expect(page).toHaveURL(/\/account$/)
  return username
}

async function newSignedInPage(browser: Browser, baseURL: string | undefined, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled })
  const page = await context.newPage()
  await signUp(page)
  return page
}

interface CreatedClient { id: string; secret: string | null; name: string }

async function createClient(page: Page, options: { type: 'Confidential' | 'Public'; redirectUris: string; method?: string }): Promise<CreatedClient> {
  const name = unique(`${options.type} app `)
  await page.goto('/clients/new')
  const form = page.getByRole('form', { name: 'Create client' })
  await form.getByLabel('Client name', { exact: true }).fill(name)
  await form.getByLabel('Client type', { exact: true }).selectOption({ label: options.type })
  await form.getByLabel('Redirect URIs', { exact: true }).fill(options.redirectUris)
  await form.getByRole('checkbox', { name: 'authorization_code', exact: true }).check()
  await form.getByRole('group', { name: 'Scopes' }).getByRole('checkbox', { name: 'openid', exact: true }).check()
  await form.getByRole('group', { name: 'Scopes' }).getByRole('checkbox', { name: 'email', exact: true }).check()
  if (options.method) await form.getByLabel('Authentication method', { exact: true }).selectOption({ label: options.method })
  await form.getByRole('button', { name: 'Create client' }).click()
  const id = (await page.getByTestId('client-id').textContent())?.trim() ?? ''
  expect(id).toMatch(/^gh_[A-Za-z0-9_-]{22}$/)
  const secretElement = page.getByTestId('client-secret')
  const secret = (await secretElement.count()) > 0 ? ((await secretElement.textContent())?.trim() ?? null) : null
  return { id, secret, name }
}

test('a developer creates a confidential client and sees its secret once, never after a reload', async ({ browser, baseURL }) => {
  const page = await newSignedInPage(browser, baseURL)
  const client = await createClient(page, { type: 'Confidential', redirectUris: 'https://app.example.com/callback\nhttp://127.0.0.1:8080/callback', method: 'client_secret_post' })
  expect(client.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
  await expect(page).toHaveURL(/\/clients\/new$/) // the secret is not in the URL
  expect(page.url()).not.toContain(client.secret)

  await page.reload()
  await expect(page.getByRole('form', { name: 'Create client' })).toBeVisible()
  await expect(page.getByTestId('client-secret')).toHaveCount(0)
  expect(await page.content()).not.toContain(client.secret)

  await page.goto('/clients')
  await page.getByRole('link', { name: client.name }).click()
  await expect(page.getByTestId('client-id')).toHaveText(client.id)
  await expect(page.getByTestId('client-secret')).toHaveCount(0)
  expect(await page.content()).not.toContain(client.secret)
  await expect(page.getByLabel('Authentication method', { exact: true })).toHaveValue('client_secret_post')
})

test('a developer creates a public client: no secret, PKCE always on; /oauth_client/new leads there too', async ({ browser, baseURL }) => {
  const page = await newSignedInPage(browser, baseURL)
  await page.goto('/oauth_client/new')
  await expect(page).toHaveURL(/\/clients\/new$/)
  const client = await createClient(page, { type: 'Public', redirectUris: 'com.example.app:/callback\nhttp://127.0.0.1/callback' })
  expect(client.secret).toBeNull()
  await expect(page.getByTestId('client-secret')).toHaveCount(0)
  await page.goto(`/clients/${client.id}`)
  await expect(page.getByText('Client type: Public')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Rotate secret' })).toHaveCount(0)
  await expect(page.getByLabel('Authentication method', { exact: true })).toHaveCount(0)
})

test('invalid redirect URIs are refused with an error per line next to the field, keeping what was typed', async ({ browser, baseURL }) => {
  const page = await newSignedInPage(browser, baseURL)
  await page.goto('/clients/new')
  const form = page.getByRole('form', { name: 'Create client' })
  await form.getByLabel('Client name', { exact: true }).fill('Bad URIs')
  const typed = 'https://ok.example.com/cb\nhttp://evil.example.com/cb\nhttps://x.example.com/cb#frag'
  await form.getByLabel('Redirect URIs', { exact: true }).fill(typed)
  await form.getByRole('button', { name: 'Create client' }).click()
  const alert = form.getByRole('alert').filter({ hasText: 'Line 2' })
  await expect(alert).toContainText('Line 2: Use https')
  await expect(alert).toContainText('Line 3: Remove the fragment')
  await expect(form.getByLabel('Redirect URIs', { exact: true })).toHaveValue(typed)
  await expect(page.getByTestId('client-id')).toHaveCount(0)
})

test('a developer edits redirect URIs, rotates the secret, then deletes the client', async ({ browser, baseURL }) => {
  const page = await newSignedInPage(browser, baseURL)
  const client = await createClient(page, { type: 'Confidential', redirectUris: 'https://app.example.com/callback' })
  await page.goto(`/clients/${client.id}`)

  const edit = page.getByRole('form', { name: 'Edit client' })
  await edit.getByLabel('Redirect URIs', { exact: true }).fill('https://app.example.com/callback\nhttps://*.example.com/cb')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit.getByRole('alert').filter({ hasText: 'Line 2' })).toContainText('Wildcards')

  await edit.getByLabel('Redirect URIs', { exact: true }).fill('https://app.example.com/callback\nhttps://app.example.com/second')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit.getByRole('status')).toHaveText('Saved.')
  await page.reload()
  await expect(page.getByRole('form', { name: 'Edit client' }).getByLabel('Redirect URIs', { exact: true }))
    .toHaveValue('https://app.example.com/callback\nhttps://app.example.com/second')

  await page.getByRole('checkbox', { name: /current secret stops working/ }).check()
  await page.getByRole('button', { name: 'Rotate secret' }).click()
  const rotated = page.getByTestId('client-secret')
  await expect(rotated).toHaveText(/^[A-Za-z0-9_-]{43}$/)
  const newSecret = (await rotated.textContent())?.trim()
  expect(newSecret).not.toBe(client.secret)
  await page.reload()
  await expect(page.getByTestId('client-secret')).toHaveCount(0)

  // The confirmation is a required checkbox: without it nothing is deleted.
  const remove = page.getByRole('form', { name: 'Delete client' })
  await remove.getByRole('button', { name: 'Delete client' }).click()
  await expect(page).toHaveURL(new RegExp(`/clients/${client.id}$`))
  await remove.getByRole('checkbox', { name: /I understand/ }).check()
  await remove.getByRole('button', { name: 'Delete client' }).click()
  await expect(page).toHaveURL(/\/clients$/)
  await expect(page.getByRole('link', { name: client.name })).toHaveCount(0)
  const gone = await page.goto(`/clients/${client.id}`)
  expect(gone?.status()).toBe(404)
})

test('forms work without JavaScript: creating a client shows the id and the secret', async ({ browser, baseURL }) => {
  const page = await newSignedInPage(browser, baseURL, false)
  await page.goto('/clients/new')
  const form = page.getByRole('form', { name: 'Create client' })
  await form.getByLabel('Client name', { exact: true }).fill('No-JS app')
  await form.getByLabel('Redirect URIs', { exact: true }).fill('https://nojs.example.com/cb')
  await form.getByRole('button', { name: 'Create client' }).click()
  await expect(page.getByTestId('client-id')).toHaveText(/^gh_/)
  await expect(page.getByTestId('client-secret')).toHaveText(/^[A-Za-z0-9_-]{43}$/)
})

test('another user opening someone else\'s client gets 404 and learns nothing', async ({ browser, baseURL }) => {
  const owner = await newSignedInPage(browser, baseURL)
  const victim = await createClient(owner, { type: 'Confidential', redirectUris: 'https://victim.example.com/cb' })

  const attacker = await newSignedInPage(browser, baseURL)
  const response = await attacker.goto(`/clients/${victim.id}`)
  expect(response?.status()).toBe(404)
  expect(await attacker.content()).not.toContain(victim.name)
  await attacker.goto('/clients')
  await expect(attacker.getByText(victim.id)).toHaveCount(0)
})

test('another user posting the server actions with someone else\'s client id changes nothing', async ({ browser, baseURL }) => {
  const owner = await newSignedInPage(browser, baseURL)
  const victim = await createClient(owner, { type: 'Confidential', redirectUris: 'https://victim.example.com/cb' })

  const attacker = await newSignedInPage(browser, baseURL)
  const own = await createClient(attacker, { type: 'Confidential', redirectUris: 'https://attacker.example.com/cb' })
  await attacker.goto(`/clients/${own.id}`)
  // Point every hidden clientId at the victim's client, as a forged POST would.
  await attacker.locator('input[type="hidden"][name="clientId"]').evaluateAll((inputs, id) => {
    for (const input of inputs) (input as HTMLInputElement).value = id
  }, victim.id)

  const edit = attacker.getByRole('form', { name: 'Edit client' })
  await edit.getByLabel('Redirect URIs', { exact: true }).fill('https://attacker.example.com/steal')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(attacker.getByText('Saved.')).toHaveCount(0)

  await attacker.goto(`/clients/${own.id}`)
  await attacker.locator('input[type="hidden"][name="clientId"]').evaluateAll((inputs, id) => {
    for (const input of inputs) (input as HTMLInputElement).value = id
  }, victim.id)
  await attacker.getByRole('checkbox', { name: /current secret stops working/ }).check()
  await attacker.getByRole('button', { name: 'Rotate secret' }).click()
  await attacker.waitForLoadState('networkidle')
  await expect(attacker.getByTestId('client-secret')).toHaveCount(0)

  await attacker.goto(`/clients/${own.id}`)
  await attacker.locator('input[type="hidden"][name="clientId"]').evaluateAll((inputs, id) => {
    for (const input of inputs) (input as HTMLInputElement).value = id
  }, victim.id)
  const remove = attacker.getByRole('form', { name: 'Delete client' })
  await remove.getByRole('checkbox', { name: /I understand/ }).check()
  await remove.getByRole('button', { name: 'Delete client' }).click()
  await attacker.waitForLoadState('networkidle')

  // The victim's client is intact: same redirect URI, still listed.
  await owner.goto(`/clients/${victim.id}`)
  await expect(owner.getByRole('form', { name: 'Edit client' }).getByLabel('Redirect URIs', { exact: true })).toHaveValue('https://victim.example.com/cb')
  await owner.goto('/clients')
  await expect(owner.getByRole('link', { name: victim.name })).toBeVisible()
})
