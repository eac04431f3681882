// `next start` the way a serverless host runs it: from a copy of the build the server cannot
// write to, as an unprivileged user. Without DATABASE_URL it must say so (one log line, a 503
// page and 503 JSON naming the variable) instead of failing every request; with DATABASE_URL it
// passes a smoke flow: discovery, client_credentials, the cron cleanup route, and an
// authorization code + PKCE login in a real browser.
// Run as root (CI does): it makes the copy and starts the server as `nobody`. PostgreSQL is
// DATABASE_URL when set, otherwise a throwaway cluster of its own.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { reloadConfig } from '@/lib/config'
import { closeDatabase } from '../helpers/database'
import { makeClient, makeUser, PASSWORD, pkcePair } from '../helpers/oauth'
import { freePort, startCluster, type Cluster } from '../server/servers'

const NOBODY = 65_534
const AUTH_SECRET = process.env.AUTH_SECRET ?? 'test-secret-that-is-long-enough-0123456789'
const CRON_SECRET = 'cron-secret-that-is-long-enough-0123456789'
const REDIRECT_URI = 'http://127.0.0.1:47124/callback'
const buildFolder = process.env.NEXT_DIST_DIR ?? '.next'

let copy: string
let cluster: Cluster | undefined
let databaseUrl: string

/** The files `next start` needs, owned by root and not writable by `nobody`; node_modules and the
 * build are hard links when the file system allows (no copying of hundreds of megabytes). */
function readOnlyCopy(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'gatehouse-read-only-'))
  chmodSync(folder, 0o755)
  const link = (from: string, to = from) => {
    const target = path.join(folder, to)
    try {
      execFileSync('cp', ['-al', from, target])
    } catch {
      cpSync(from, target, { recursive: true })
    }
  }
  link(buildFolder, '.next')
  rmSync(path.join(folder, '.next/cache'), { recursive: true, force: true })
  link('node_modules')
  for (const file of ['package.json', 'next.config.mjs']) cpSync(file, path.join(folder, file))
  cpSync('lib/security-headers.mjs', path.join(folder, 'lib/security-headers.mjs'))
  cpSync('db/migrations', path.join(folder, 'db/migrations'), { recursive: true })
  if (existsSync('public')) link('public')
  execFileSync('chmod', ['-R', 'a+rX,go-w', path.join(folder, 'lib'), path.join(folder, 'db')])
  return folder
}

interface Server { url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> }

/** `next start` in the read-only copy as `nobody`, with only the variables given. */
async function startNext(env: Record<string, string>): Promise<Server> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: copy,
    uid: NOBODY,
    gid: NOBODY,
    env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: copy, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), ISSUER: url, AUTH_SECRET, BCRYPT_COST: '4', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => { output += chunk })
  child.stderr!.on('data', (chunk) => { output += chunk })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${output}`)
    const status = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0)
    if (status !== 0) break
    if (Date.now() > deadline) { await stop(); throw new Error(`next start never answered: ${output}`) }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return { url, child, output: () => output, stop }
}

before(async () => {
  assert.equal(process.getuid?.(), 0, 'run as root: the test starts the server as nobody')
  assert.ok(existsSync(path.join(buildFolder, 'BUILD_ID')), 'needs a build (npm run build)')
  copy = readOnlyCopy()
  if (process.env.DATABASE_URL) {
    databaseUrl = process.env.DATABASE_URL
  } else {
    cluster = await startCluster()
    databaseUrl = cluster.url
  }
  // This process creates the test's user and client in the same database.
  process.env.DATABASE_URL = databaseUrl
  process.env.AUTH_SECRET = AUTH_SECRET
  reloadConfig()
})

after(async () => {
  await closeDatabase()
  await cluster?.remove()
  if (copy) rmSync(copy, { recursive: true, force: true })
})

describe('next start from a read-only copy as an unprivileged user', () => {
  it('without DATABASE_URL: one start-up line and 503s naming DATABASE_URL, never a 500', async () => {
    const server = await startNext({})
    try {
      const page = await fetch(`${server.url}/login`)
      assert.equal(page.status, 503)
      assert.match(page.headers.get('content-type') ?? '', /text\/html/)
      assert.match(await page.text(), /DATABASE_URL/)
      for (const [method, endpoint] of [['GET', '/.well-known/openid-configuration'], ['POST', '/oauth/token'], ['GET', '/api/health']]) {
        const response = await fetch(`${server.url}${endpoint}`, { method })
        assert.equal(response.status, 503, `${method} ${endpoint}`)
        const body = await response.json() as { error: string; error_description: string }
        assert.equal(body.error, 'temporarily_unavailable')
        assert.match(body.error_description, /DATABASE_URL/)
      }
      const lines = server.output().split('\n').filter((line) => line.includes('cannot start'))
      assert.equal(lines.length, 1, server.output())
      assert.match(lines[0], /DATABASE_URL is not set and the data folder \S+ cannot be written \(E[A-Z]+\)/)
    } finally {
      await server.stop()
    }
  })

  it('with DATABASE_URL: discovery, client_credentials, the cron cleanup route and code + PKCE in a browser', async () => {
    const owner = await makeUser()
    const { client, secret } = await makeClient(owner, { redirectUris: [REDIRECT_URI] })
    const server = await startNext({ DATABASE_URL: databaseUrl, CRON_SECRET, ADMIN_USERNAME: 'read-only-admin', ADMIN_PASSWORD: 'read only admin 123' })
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] })
    try {
      const discovery = await fetch(`${server.url}/.well-known/openid-configuration`)
      assert.equal(discovery.status, 200)
      const metadata = await discovery.json() as { issuer: string; token_endpoint: string; authorization_endpoint: string }
      assert.equal(metadata.issuer, server.url)

      const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(secret!)}`).toString('base64')}`
      const machine = await fetch(metadata.token_endpoint, { method: 'POST', headers: { authorization: basic }, body: new URLSearchParams({ grant_type: 'client_credentials' }) })
      assert.equal(machine.status, 200)
      assert.ok((await machine.json() as { access_token?: string }).access_token)

      const cleanup = await fetch(`${server.url}/api/cleanup`, { headers: { authorization: `Bearer ${CRON_SECRET}` } })
      assert.equal(cleanup.status, 200)

      const { verifier, challenge } = pkcePair()
      const authorize = new URL(metadata.authorization_endpoint)
      authorize.search = new URLSearchParams({ client_id: client.id, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid profile', state: 'read-only-state', code_challenge: challenge, code_challenge_method: 'S256' }).toString()
      const page = await browser.newPage()
      let callback: URL | undefined
      await page.route('http://127.0.0.1:47124/**', async (route) => {
        callback = new URL(route.request().url())
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>relying party</p>' })
      })
      await page.goto(authorize.toString())
      await page.getByLabel('Username or email').fill(owner.username)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.getByRole('button', { name: 'Allow' }).click({ timeout: 30_000 })
      for (let waited = 0; !callback && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
      assert.ok(callback, 'the browser reached the redirect URI')
      assert.equal(callback.searchParams.get('state'), 'read-only-state')
      const code = callback.searchParams.get('code')
      assert.ok(code)
      const exchange = await fetch(metadata.token_endpoint, {
        method: 'POST',
        headers: { authorization: basic },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
      })
      assert.equal(exchange.status, 200)
      const tokens = await exchange.json() as { access_token?: string; id_token?: string }
      assert.ok(tokens.access_token && tokens.id_token)
      assert.doesNotMatch(server.output(), /EACCES|EROFS/)
    } finally {
      await browser.close()
      await server.stop()
    }
  })
})
