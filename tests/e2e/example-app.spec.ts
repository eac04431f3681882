// The example relying party (examples/relying-party) against a Gatehouse of its own whose access
// tokens live seconds, so that the example's silent refresh happens within the test. A developer
// registers the example through the dashboard; a person signs in through the example, sees the
// profile and email, calls /api/resources before and after the access token expired, and signs
// out at Gatehouse, landing back in the example signed out.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { freePort, startServer, stopServer, type RunningServer } from '../server/servers'
import { createClient, E2E_PASSWORD, signUp } from './helpers'

const EXAMPLE_DIR = path.join(process.cwd(), 'examples/relying-party')
const ACCESS_TOKEN_TTL_SECONDS = 10

interface ExampleApp { url: string; process: ChildProcess; output: () => string }

async function startExample(port: number, env: Record<string, string>): Promise<ExampleApp> {
  const tsx = path.join(EXAMPLE_DIR, 'node_modules/.bin/tsx')
  if (!existsSync(tsx)) throw new Error('The example has no dependencies: run `npm ci --prefix examples/relying-party` first.')
  const url = `http://127.0.0.1:${port}`
  const child = spawn(tsx, ['src/server.ts'], { cwd: EXAMPLE_DIR, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => { output = (output + chunk).slice(-10_000) })
  child.stderr!.on('data', (chunk) => { output = (output + chunk).slice(-10_000) })
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the example exited: ${output}`)
    if (await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)) break
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`the example never answered: ${output}`) }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { url, process: child, output: () => output }
}

async function stopExample(app: ExampleApp): Promise<void> {
  if (app.process.exitCode !== null) return
  const exited = new Promise((resolve) => app.process.once('exit', resolve))
  app.process.kill('SIGTERM')
  await exited
}

test.describe('the example relying party', () => {
  // Its own Gatehouse (a server start, a database) and a refresh wait: far more than the
  // default minute on a loaded 2-core machine.
  test.setTimeout(300_000)
  let gatehouse: RunningServer | undefined
  let example: ExampleApp | undefined
  let dataDir: string | undefined

  test.afterEach(async () => {
    if (example) await stopExample(example)
    if (gatehouse) await stopServer(gatehouse)
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  test('signs in with PKCE, shows profile and email, calls the API, refreshes silently and logs out at Gatehouse', async ({ browser }) => {
    // The same serving mode and database as the rest of the suite; a data dir of its own on PGlite.
    dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-example-e2e-'))
    gatehouse = await startServer(process.env.E2E_SERVER === 'lean' ? 'lean' : 'next', {
      DATA_DIR: dataDir, ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_SECONDS), BCRYPT_COST: '4',
    })
    // The issuer defaults to http://localhost:<port>: the URL everything must use.
    const issuer = `http://localhost:${new URL(gatehouse.url).port}`
    const appPort = await freePort()
    const appUrl = `http://127.0.0.1:${appPort}`

    // A developer registers the example through the dashboard, then logs out of Gatehouse.
    const context = await browser.newContext({ baseURL: issuer })
    const page = await context.newPage()
    const username = await signUp(page)
    const registered = await createClient(page, {
      redirectUris: [`${appUrl}/callback`], postLogoutRedirectUris: [`${appUrl}/`],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    })
    // Right after creation, the "Connect your app" panel names this Gatehouse.
    await expect(page.getByTestId('connect-issuer')).toHaveText(issuer)
    await expect(page.getByTestId('connect-discovery-url')).toHaveText(`${issuer}/.well-known/openid-configuration`)
    await page.getByRole('button', { name: 'Log out' }).click()
    await expect(page).toHaveURL(/\/login/)

    example = await startExample(appPort, {
      GATEHOUSE_ISSUER: issuer, GATEHOUSE_CLIENT_ID: registered.clientId, GATEHOUSE_CLIENT_SECRET: registered.clientSecret!, APP_URL: appUrl,
    })

    // Sign in through the example: Gatehouse's login form, consent, back with profile and email.
    await page.goto(appUrl)
    await page.getByRole('button', { name: 'Sign in with Gatehouse' }).click()
    await expect(page).toHaveURL(new RegExp(`^${issuer}/login`))
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password').fill(E2E_PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('button', { name: 'Allow' }).click()
    await expect(page).toHaveURL(`${appUrl}/`)
    await expect(page.getByTestId('username')).toHaveText(username)
    await expect(page.getByTestId('id-token-email')).toHaveText(`${username}@example.test`)
    await expect(page.getByTestId('userinfo-email')).toHaveText(`${username}@example.test`)

    // The API with the first access token.
    await page.getByRole('button', { name: 'Call /api/resources' }).click()
    await expect(page.getByTestId('api-status')).toHaveText('200')
    await expect(page.getByTestId('api-body')).toContainText('Verify access token successful')
    await expect(page.getByTestId('refresh-count')).toHaveText('0')

    // Past the access token's expiry, the example refreshes before calling again.
    const firstExpiry = Date.parse((await page.getByTestId('access-token-expires').textContent())!)
    await page.waitForTimeout(Math.max(0, firstExpiry - Date.now()) + 1000)
    await page.getByRole('button', { name: 'Call /api/resources' }).click()
    await expect(page.getByTestId('refresh-count')).toHaveText('1')
    await expect(page.getByTestId('api-status')).toHaveText('200')
    expect(Date.parse((await page.getByTestId('access-token-expires').textContent())!)).toBeGreaterThan(firstExpiry)

    // RP-initiated logout: Gatehouse ends its session and sends the browser back, signed out.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(`${appUrl}/`)
    await expect(page.getByTestId('signed-out')).toBeVisible()
    await page.goto(`${issuer}/account`)
    await expect(page).toHaveURL(new RegExp(`^${issuer}/login`))
    await context.close()
  })
})
