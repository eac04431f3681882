// Account recovery in a real browser, against a Gatehouse of its own that mails through a real
// SMTP server on loopback (both serving modes: E2E_SERVER picks the one CI is testing): the
// address is confirmed by its link, a forgotten password is reset through "Forgot password?",
// the reset ends the other sessions, and the used link is refused with a clear page.
import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startMailbox, type Mailbox } from '../helpers/mailbox'
import { startServer, stopServer, type RunningServer } from '../server/servers'
import { uniqueName } from './helpers'

const password = 'first password 123'
const newPassword = 'second password 456'
const linkInvalid = 'This reset link has expired or was already used. Ask for a new one.'

let mailbox: Mailbox
let server: RunningServer
let base: string

test.describe.configure({ mode: 'serial', timeout: 180_000 })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  mailbox = await startMailbox()
  server = await startServer(process.env.E2E_SERVER === 'lean' ? 'lean' : 'next', {
    SMTP_URL: mailbox.url,
    BCRYPT_COST: '4',
    ...(process.env.DATABASE_URL ? {} : { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-mail-')) }),
  })
  // The issuer (and so every mailed link) names localhost, and server actions are origin-checked.
  base = server.url.replace('127.0.0.1', 'localhost')
})

test.afterEach(({ browserName: _ }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && server) console.log(server.output())
})

test.afterAll(async () => {
  if (server) await stopServer(server)
  if (mailbox) await mailbox.close()
})

/** The first link to `pathname` in the newest mail to `to` whose subject matches. */
async function mailedLink(to: string, subject: RegExp, pathname: string): Promise<string> {
  const mail = await mailbox.waitFor(to, subject, { timeoutMs: 30_000 })
  const link = new RegExp(`https?://[^\\s"<>]+${pathname}\\?token=[A-Za-z0-9_-]+`).exec(mail.body)?.[0]
  expect(link, `a ${pathname} link in "${mail.subject}"`).toBeTruthy()
  return link!
}

test('confirm the address, then reset a forgotten password through the mailed link, which works once', async ({ page, browser }) => {
  const username = uniqueName('rec')
  const email = `${username}@example.test`

  // Sign up: the account page says the address is not confirmed, and a confirmation mail arrives.
  await page.goto(`${base}/signup`)
  const signUpForm = page.getByRole('form', { name: 'Sign up' })
  await signUpForm.getByLabel('Username', { exact: true }).fill(username)
  await signUpForm.getByLabel('Email', { exact: true }).fill(email)
  await signUpForm.getByLabel('Password', { exact: true }).fill(password)
  await signUpForm.getByRole('button', { name: 'Sign up' }).click()
  // The first page actions of a fresh server load their code: allow for it.
  await expect(page).toHaveURL(/\/account$/, { timeout: 30_000 })
  await expect(page.getByText(`Your email address ${email} is not confirmed yet.`)).toBeVisible()
  await page.goto(await mailedLink(email, /Confirm your email address/, '/verify-email'))
  await page.getByRole('button', { name: 'Confirm email' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'is confirmed' })).toBeVisible()
  await page.goto(`${base}/account`)
  await expect(page.getByText(`Your email address ${email} is confirmed.`)).toBeVisible()

  // Elsewhere, the password is forgotten: "Forgot password?" on /login.
  const other = await browser.newContext()
  const recovery = await other.newPage()
  await recovery.goto(`${base}/login`)
  await recovery.getByRole('link', { name: 'Forgot password?' }).click()
  await expect(recovery).toHaveURL(/\/forgot-password$/)
  const request = recovery.getByRole('form', { name: 'Reset password' })
  // An unknown address gets the very answer a known one gets.
  await request.getByLabel('Email', { exact: true }).fill(`${uniqueName('nobody')}@example.test`)
  await request.getByRole('button', { name: 'Send reset link' }).click()
  const answer = request.getByRole('status')
  await expect(answer).toBeVisible()
  const unknownAnswer = await answer.textContent()
  await recovery.reload()
  await request.getByLabel('Email', { exact: true }).fill(email)
  await request.getByRole('button', { name: 'Send reset link' }).click()
  await expect(request.getByRole('status')).toHaveText(unknownAnswer!)

  const link = await mailedLink(email, /Reset your Gatehouse password/, '/reset-password')
  await recovery.goto(link)
  await expect(recovery.getByText('signs your account out everywhere')).toBeVisible()
  await recovery.getByLabel('New password', { exact: true }).fill(newPassword)
  await recovery.getByRole('button', { name: 'Set password' }).click()
  await expect(recovery).toHaveURL(/\/reset-password\/done$/)
  await expect(recovery.getByRole('status').filter({ hasText: 'Every session of your account was signed out' })).toBeVisible()

  // The first browser's session ended with the reset.
  await page.goto(`${base}/account`)
  await expect(page).toHaveURL(/\/login/)

  // The link works once: opened again, a clear page and no form.
  await recovery.goto(link)
  await expect(recovery.getByRole('alert').filter({ hasText: linkInvalid })).toBeVisible()
  await expect(recovery.getByLabel('New password', { exact: true })).toHaveCount(0)

  // The new password opens the account.
  await recovery.goto(`${base}/login`)
  const login = recovery.getByRole('form', { name: 'Log in' })
  await login.getByLabel('Username or email', { exact: true }).fill(email)
  await login.getByLabel('Password', { exact: true }).fill(newPassword)
  await login.getByRole('button', { name: 'Log in' }).click()
  await expect(recovery).toHaveURL(/\/account/)
  await other.close()
})
