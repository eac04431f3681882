// An authenticator app in the browser tests: codes computed from the secret the setup page shows.
import { expect, type Page } from '@playwright/test'
import { generate } from 'otplib'

/** The code an authenticator app shows `offsetSeconds` from now (30: the next step, unused yet). */
export const codeAt = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds })

/** Sets up an authenticator app on /account; returns its secret and the recovery codes shown once. */
export async function setUpAuthenticator(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
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
