// Browser tests in Debian's chromium (never a downloaded browser) against a production build.
// The server gets a fresh PGlite data dir per run, or the PostgreSQL in DATABASE_URL.
import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const port = Number(process.env.E2E_PORT ?? 3210)
const baseURL = `http://localhost:${port}`
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-'))
process.env.E2E_DATA_DIR = dataDir // workers re-read this file: keep one data dir per run
// `E2E_SERVER` picks the serving path: `next start` by default, or the lean server (`npm start`).
const serverCommand = process.env.E2E_SERVER_COMMAND ?? `npx next start -p ${port}`

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: serverCommand,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      ISSUER: baseURL,
      DATA_DIR: dataDir,
      // The same secret as tests/helpers/database.ts: on one PostgreSQL both must open the same sealed keys.
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'test-secret-that-is-long-enough-0123456789',
      BCRYPT_COST: '4',
      // The first admin, created at start when the database has none (tests/e2e/admin.spec.ts logs in with it).
      ADMIN_USERNAME: process.env.E2E_ADMIN_USERNAME ?? 'e2e-admin',
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password 1',
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
  },
})
