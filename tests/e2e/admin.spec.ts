// /admin: admins only — every page and every directly posted action is a 404 for anyone
// else — and what an admin does there: grant a permission, disable a user (their session ends at
// once), read the audit log filtered by event.
import { expect, test, type Browser } from '@playwright/test'
import { adminPageFor, adminUsername, signUp, uniqueName } from './helpers'

const adminPages = ['/admin', '/admin/users', '/admin/clients', '/admin/scopes', '/admin/audit']

let admin: string
test.beforeAll(() => { admin = adminUsername() })

const adminPage = (browser: Browser) => adminPageFor(browser, admin)

test('a normal user gets 404 on every admin page, and replaying an admin form with their cookie changes nothing', async ({ browser }) => {
  const attackerPage = await (await browser.newContext()).newPage()
  const attacker = await signUp(attackerPage)
  for (const path of adminPages) {
    const response = await attackerPage.goto(path)
    expect(response?.status(), path).toBe(404)
  }
  await expect(attackerPage.getByRole('link', { name: 'Admin' })).toHaveCount(0)

  // As the admin, capture the permissions form of the attacker's own row with `admin` ticked:
  // exactly what the attacker would need to post to promote themselves.
  const adminTab = await adminPage(browser)
  await adminTab.goto(`/admin/users?q=${attacker}`)
  const form = adminTab.getByRole('form', { name: `Permissions of ${attacker}` })
  await expect(form).toBeVisible()
  const fields = await form.evaluate((element) => {
    const formElement = element as HTMLFormElement
    const box = formElement.querySelector<HTMLInputElement>('input[name="permissions"][value="admin"]')!
    box.checked = true
    return [...new FormData(formElement)].map(([name, value]) => [name, String(value)] as [string, string])
  })
  expect(fields.some(([name]) => name.startsWith('$ACTION'))).toBe(true)
  // Same origin, as a browser would send it: the refusal must come from the action's own check.
  const origin = new URL(adminTab.url()).origin
  const replay = await attackerPage.request.post(`/admin/users?q=${attacker}`, { multipart: Object.fromEntries(fields), headers: { origin }, maxRedirects: 0 })
  expect(replay.status()).toBe(404)
  for (const path of ['/admin', '/admin/users']) expect((await attackerPage.goto(path))?.status()).toBe(404)
  await adminTab.reload()
  await expect(adminTab.getByRole('form', { name: `Permissions of ${attacker}` }).getByLabel('admin', { exact: true })).not.toBeChecked()
})

test('an admin grants a permission, disables a user (whose session ends) and finds it in the audit log', async ({ browser }) => {
  const userPage = await (await browser.newContext()).newPage()
  const username = await signUp(userPage)
  const page = await adminPage(browser)

  // An operator scope, restricted, then granted to the user.
  const scope = `${uniqueName('e2e').toLowerCase()}:write`
  await page.goto('/admin/scopes')
  const addForm = page.getByRole('form', { name: 'Add a scope' })
  await addForm.getByLabel('Scope name').fill(scope)
  await addForm.getByLabel('Description').fill('Change the e2e resources')
  await addForm.getByRole('button', { name: 'Add scope' }).click()
  await expect(addForm.getByRole('status')).toHaveText(`Scope ${scope} added.`)
  await page.goto(`/admin/users?q=${username}`)
  const permissions = page.getByRole('form', { name: `Permissions of ${username}` })
  await permissions.getByLabel(scope, { exact: true }).check()
  await permissions.getByRole('button', { name: `Save permissions of ${username}` }).click()
  await expect(permissions.getByRole('status')).toHaveText('Permissions saved.')
  await page.reload()
  await expect(page.getByRole('form', { name: `Permissions of ${username}` }).getByLabel(scope, { exact: true })).toBeChecked()

  // Disabling ends the user's session at once.
  await userPage.goto('/account')
  await expect(userPage).toHaveURL(/\/account/)
  await page.getByRole('button', { name: `Disable ${username}` }).click()
  // The row re-renders with the user disabled: Enable replaces Disable.
  await expect(page.getByRole('button', { name: `Enable ${username}` })).toBeVisible()
  await userPage.goto('/account')
  await expect(userPage).toHaveURL(/\/login/)

  // The audit log, filtered by event type and user.
  await page.goto('/admin/audit')
  const filter = page.getByRole('form', { name: 'Filter the audit log' })
  await filter.getByLabel('Event type').selectOption('user.disabled')
  await filter.getByLabel('User').fill(username)
  await filter.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL(/event=user\.disabled/)
  const rows = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('user.disabled')
  await expect(rows.first()).toContainText(admin)
  await expect(rows.first()).toContainText(username)
})

test('the overview draws the last 24 hours as inline SVG and rotates keys', async ({ browser }) => {
  const page = await adminPage(browser)
  await page.goto('/admin')
  await expect(page.getByTestId('activity-chart')).toBeVisible()
  await expect(page.getByTestId('activity-chart').locator('rect')).toHaveCount(48)
  await page.getByRole('button', { name: 'Rotate keys' }).click()
  await expect(page.getByRole('form', { name: 'Rotate keys' }).getByRole('status')).toContainText('New signing keys')
})
