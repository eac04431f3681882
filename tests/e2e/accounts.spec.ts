// The account journey in a real browser: sign up, log out, log in, change username,
// sign out another session, delete the account; generic login errors; no open redirect.
import { expect, test, type Browser, type Page } from '@playwright/test'

const password = 'correct horse battery'
const LOGIN_FAILED = 'Wrong username, email or password.'

let counter = 0
function unique(prefix: string): string {
  counter += 1
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`
}

async function signUp(page: Page, username: string, email: string): Promise<void> {
  await page.goto('/signup')
  const form = page.getByRole('form', { name: 'Sign up' })
  await form.getByLabel('Username', { exact: true }).fill(username)
  await form.getByLabel('Email', { exact: true }).fill(email)
  await form.getByLabel('Password', { exact: true }).fill(password)
  await form.getByRole('button', { name: 'Sign up' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
}

async function logIn(page: Page, login: string, secret = password): Promise<void> {
  const form = page.getByRole('form', { name: 'Log in' })
  await expect(form.getByRole('button', { name: 'Log in' })).toBeEnabled()
  await form.getByLabel('Username or email', { exact: true }).fill(login)
  await form.getByLabel('Password', { exact: true }).fill(secret)
  await form.getByRole('button', { name: 'Log in' }).click()
}

/** The login was refused with the one generic message, inside the form (the route announcer is another alert). */
async function expectLoginRefused(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: 'Log in' })
  await expect(form.getByRole('alert')).toHaveText(LOGIN_FAILED)
  // React resets the form when the action has finished: the password is never echoed back,
  // and the next attempt cannot be typed into a form that is about to be reset.
  await expect(form.getByLabel('Password', { exact: true })).toHaveValue('')
  await expect(form.getByRole('button', { name: 'Log in' })).toBeEnabled()
  await expect(page).toHaveURL(/\/login(\?|$)/)
}

async function newPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL })
  return context.newPage()
}

function signedInAs(page: Page) {
  return page.getByRole('navigation', { name: 'Main' }).getByText('Signed in as')
}

test('sign up, log out, log in, rename, sign out another session, delete the account', async ({ page, browser, baseURL }) => {
  const username = unique('e2e')
  const email = `${username}@example.test`

  await signUp(page, username, email)
  await expect(signedInAs(page)).toContainText(username)

  // Log out is a POST from the header; the session is gone.
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login\?logged_out=1$/)
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login\?return_to=%2Faccount$/)

  // Log in with the email, in another case.
  await logIn(page, email.toUpperCase())
  await expect(page).toHaveURL(/\/account$/)

  // Change the username.
  const renamed = unique('renamed')
  const usernameForm = page.getByRole('form', { name: 'Change username' })
  await usernameForm.getByLabel('Username', { exact: true }).fill(renamed)
  await usernameForm.getByRole('button', { name: 'Save' }).click()
  await expect(usernameForm.getByRole('status')).toHaveText('Username changed.')
  await page.reload()
  await expect(signedInAs(page)).toContainText(renamed)
  await expect(page.getByRole('form', { name: 'Change username' }).getByLabel('Username', { exact: true })).toHaveValue(renamed)

  // A second browser logs in with the new name; the old name no longer works.
  const other = await newPage(browser, baseURL)
  await other.goto('/login')
  await logIn(other, username)
  await expectLoginRefused(other)
  await logIn(other, renamed)
  await expect(other).toHaveURL(/\/account$/)

  // The first browser sees two sessions and signs the other one out.
  await page.reload()
  const sessionList = page.getByRole('list', { name: 'Active sessions' })
  await expect(sessionList.getByRole('listitem')).toHaveCount(2)
  await expect(sessionList.getByRole('button', { name: 'Sign out session (this session)' })).toHaveCount(1)
  const otherSession = sessionList.getByRole('button', { name: /^Sign out session [0-9a-f]{8}$/ })
  await expect(otherSession).toHaveCount(1)
  await otherSession.click()
  await expect(sessionList.getByRole('listitem')).toHaveCount(1)
  await expect(page).toHaveURL(/\/account$/) // this session is still alive

  // The second browser is logged out at its next request.
  await other.goto('/account')
  await expect(other).toHaveURL(/\/login\?return_to=%2Faccount$/)
  await expect(other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })).toBeVisible()
  await other.context().close()

  // Deleting needs the password.
  const deleteForm = page.getByRole('form', { name: 'Delete account' })
  await deleteForm.getByLabel('Password', { exact: true }).fill('not my password')
  await deleteForm.getByRole('button', { name: 'Delete account' }).click()
  await expect(deleteForm.getByRole('alert')).toHaveText('That is not your password.')
  await expect(page).toHaveURL(/\/account$/)

  await deleteForm.getByLabel('Password', { exact: true }).fill(password)
  await deleteForm.getByRole('button', { name: 'Delete account' }).click()
  await expect(page).toHaveURL(/\/signup$/)
  await expect(signedInAs(page)).toHaveCount(0)

  // The account is gone: logging in with it gets the generic error.
  await page.goto('/login')
  await logIn(page, renamed)
  await expectLoginRefused(page)
})

test('a wrong password and an unknown user get the same generic error, inside the form', async ({ page }) => {
  const username = unique('e2e')
  await signUp(page, username, `${username}@example.test`)
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login\?logged_out=1$/)

  const form = page.getByRole('form', { name: 'Log in' })
  await expect(form.getByRole('alert')).toHaveCount(0)
  await logIn(page, username, 'wrong password')
  await expectLoginRefused(page)
  await expect(form.getByLabel('Username or email', { exact: true })).toHaveValue(username)

  const nobody = unique('nobody')
  await logIn(page, nobody, 'wrong password')
  await expectLoginRefused(page)
  await expect(form.getByLabel('Username or email', { exact: true })).toHaveValue(nobody)

  await logIn(page, username)
  await expect(page).toHaveURL(/\/account$/)
})

for (const target of ['//evil.example', 'https://evil.example', '/\\evil.example', '/.//evil.example']) {
  test(`return_to=${target} cannot send the browser off-site`, async ({ page, baseURL }) => {
    const username = unique('e2e')
    await signUp(page, username, `${username}@example.test`)
    await page.getByRole('button', { name: 'Log out' }).click()
    await expect(page).toHaveURL(/\/login\?logged_out=1$/)

    await page.goto(`/login?return_to=${encodeURIComponent(target)}`)
    await logIn(page, username)
    await expect(page).toHaveURL(`${baseURL}/account`)
    expect(new URL(page.url()).host).toBe(new URL(baseURL!).host)
  })
}

test('return_to keeps a local path', async ({ page, baseURL }) => {
  const username = unique('e2e')
  await signUp(page, username, `${username}@example.test`)
  await page.getByRole('button', { name: 'Log out' }).click()
  await expect(page).toHaveURL(/\/login\?logged_out=1$/)

  await page.goto(`/login?return_to=${encodeURIComponent('/?from=login')}`)
  await logIn(page, username)
  await expect(page).toHaveURL(`${baseURL}/?from=login`)
})
