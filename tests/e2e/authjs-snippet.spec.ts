// The Auth.js snippet of the client page's "Connect your app" panel, copied as shown into a file
// and used unchanged as the provider of a minimal Auth.js (@auth/core) app, completes a sign-in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Auth, type AuthConfig } from '@auth/core'
import { expect, test } from '@playwright/test'
import { freePort } from '../server/servers'
import { createClient, E2E_PASSWORD, signUp } from './helpers'

/** A loopback app whose /auth/* is Auth.js and nothing else. */
async function authJsApp(port: number, config: AuthConfig): Promise<Server> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    answer(request, response).catch((error) => {
      console.error('Auth.js app:', error)
      response.writeHead(500).end()
    })
  })
  async function answer(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const url = `http://127.0.0.1:${port}${request.url}`
    if (!request.url!.startsWith('/auth/')) {
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('home')
      return
    }
    const answer: Response = await Auth(new Request(url, {
      method: request.method,
      headers: Object.entries(request.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]])),
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    }), config)
    const headers: Record<string, string | string[]> = Object.fromEntries(answer.headers)
    const cookies = answer.headers.getSetCookie()
    if (cookies.length) headers['set-cookie'] = cookies
    response.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()))
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

test('the Auth.js snippet from the client page signs a person in with a minimal @auth/core app', async ({ page, baseURL }) => {
  // Two sign-ins and a dashboard registration: more than the default minute on a loaded machine.
  test.setTimeout(180_000)
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  const username = await signUp(page)
  const registered = await createClient(page, { redirectUris: [`${appUrl}/auth/callback/gatehouse`], scopes: ['openid', 'profile', 'email'] })

  // The snippet exactly as the panel shows it: no secret in it, the secret from the environment.
  await page.goto(`/clients/${encodeURIComponent(registered.clientId)}`)
  const panel = page.getByTestId('snippet-authjs')
  await panel.getByText('Auth.js (generic OIDC provider)').click()
  await expect(panel.getByRole('button', { name: /Copy Auth\.js/ })).toBeVisible()
  const snippet = (await page.getByTestId('snippet-text-authjs').textContent())!
  expect(snippet).not.toContain(registered.clientSecret!)
  expect(snippet).toContain(registered.clientId)

  const dir = mkdtempSync(path.join(tmpdir(), 'authjs-snippet-'))
  let server: Server | undefined
  try {
    const file = path.join(dir, 'gatehouse-provider.mjs')
    writeFileSync(file, snippet)
    process.env.AUTH_GATEHOUSE_SECRET = registered.clientSecret!
    const provider = (await import(pathToFileURL(file).href)).default
    expect(provider.issuer).toBe(baseURL)
    server = await authJsApp(port, { providers: [provider], secret: 'an Auth.js secret for this test only 0123456789', trustHost: true, basePath: '/auth' })

    await page.getByRole('button', { name: 'Log out' }).click()
    await expect(page).toHaveURL(/\/login/)
    // Auth.js's own sign-in page, its button for the provider, then Gatehouse's login and consent.
    await page.goto(`${appUrl}/auth/signin`)
    await page.getByRole('button', { name: 'Sign in with Gatehouse' }).click()
    await expect(page).toHaveURL(/\/login\?/)
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password').fill(E2E_PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('button', { name: 'Allow' }).click()
    await expect(page).toHaveURL(`${appUrl}/`)

    // Auth.js's session: the person Gatehouse signed in, with the email from the ID token.
    const session = await page.evaluate(() => fetch('/auth/session').then((r) => r.json()))
    expect(session.user).toMatchObject({ name: username, email: `${username}@example.test` })
  } finally {
    delete process.env.AUTH_GATEHOUSE_SECRET
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    rmSync(dir, { recursive: true, force: true })
  }
})
