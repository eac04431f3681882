// A password someone else chose (the first admin's, or one reset by an operator) at
// /oauth/authorize: the user is sent to choose a new one — never a 500 — and then back to the
// pending authorization, which goes on to consent and the code; the notice goes away after.
import { expect, test } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { createClient, relyingParty, relyingPartyCallback, signUp, uniqueName } from './helpers'

const REDIRECT_URI = 'http://127.0.0.1:47124/callback'
const NOTICE = /You signed in with a one-time password/

/** A user who must change their password: on the embedded database the first admin from
 * playwright.config.ts (its environment password must be replaced at the first login); on
 * PostgreSQL a user given a fresh one-time password with the admin CLI. */
function oneTimeCredentials(): { username: string; password: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, BCRYPT_COST: '4', AUTH_SECRET: process.env.AUTH_SECRET ?? 'test-secret-that-is-long-enough-0123456789' }
  delete env.ADMIN_PASSWORD
  if (!process.env.DATABASE_URL) return { username: process.env.E2E_ADMIN_USERNAME ?? 'e2e-admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password 1' }
  const username = uniqueName('otp')
  const run = (...args: string[]) => {
    const result = spawnSync('npx', ['tsx', 'scripts/admin.ts', ...args], { env, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(result.stderr)
    return result.stdout
  }
  const printed = run('create', username, `${username}@example.test`)
  const password = /password: (\S+)/.exec(printed)?.[1]
  if (!password) throw new Error('the admin CLI printed no one-time password')
  return { username, password }
}

test('must-change-password at /oauth/authorize: choose a new password, then the pending authorization goes on', async ({ page, baseURL, browser }) => {
  test.setTimeout(180_000) // several page loads and a build's first renders on a busy machine
  const credentials = oneTimeCredentials()
  await signUp(page)
  const registered = await createClient(page, { redirectUris: [REDIRECT_URI] })
  const { authorizationUrl, state } = await relyingParty(baseURL!, registered, REDIRECT_URI)

  const userPage = await (await browser.newContext()).newPage()
  const relyingPartyPage = await relyingPartyCallback(userPage, REDIRECT_URI)
  await userPage.goto(authorizationUrl.toString())
  await expect(userPage).toHaveURL(/\/login\?/)
  await userPage.getByLabel('Username or email').fill(credentials.username)
  await userPage.getByLabel('Password').fill(credentials.password)
  await userPage.getByRole('button', { name: 'Log in' }).click()
  await expect(userPage).toHaveURL(/\/account\?must_change_password=1&return_to=/)
  await expect(userPage.getByText(NOTICE)).toBeVisible()

  // Logged in but still on the one-time password, straight at the protocol endpoint: a redirect
  // to the password page, not a 500.
  const direct = await userPage.request.get(authorizationUrl.toString(), { maxRedirects: 0 })
  expect(direct.status()).toBe(303)
  expect(direct.headers().location).toMatch(/^\/account\?must_change_password=1&return_to=%2Foauth%2Fauthorize%2Fcontinue/)

  const form = userPage.getByRole('form', { name: 'Change password' })
  await form.getByLabel('Current password').fill(credentials.password)
  // The same password again: enough to clear the flag, and admin.spec.ts still logs in with it.
  await form.getByLabel('New password').fill(credentials.password)
  await form.getByRole('button', { name: 'Save' }).click()

  await expect(userPage.getByRole('button', { name: 'Allow' })).toBeVisible()
  await userPage.getByRole('button', { name: 'Allow' }).click()
  const callback = await relyingPartyPage.received()
  expect(callback.searchParams.get('code')).toBeTruthy()
  expect(callback.searchParams.get('state')).toBe(state)

  await userPage.goto('/account')
  await expect(userPage.getByRole('heading', { name: 'Your account' })).toBeVisible()
  await expect(userPage.getByText(NOTICE)).toHaveCount(0)
})
