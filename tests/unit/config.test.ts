import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigError, parseConfig } from '@/lib/config'

const secret = 'config-test-secret-that-is-long-enough-0123'
const base = { AUTH_SECRET: secret, DATA_DIR: '/nonexistent-unused' }

function configError(variable: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`)
    assert.match(error.message, /^Invalid configuration:/)
    assert.match(error.message, new RegExp(`\\b${variable}: `), `message should name ${variable}: ${error.message}`)
    return true
  }
}

describe('parseConfig defaults', () => {
  it('runs with no configuration at all but a secret', () => {
    const config = parseConfig({ AUTH_SECRET: secret })
    assert.equal(config.ISSUER, 'http://localhost:3000')
    assert.equal(config.DATA_DIR, '.data')
    assert.equal(config.ACCESS_TOKEN_TTL, 900)
    assert.equal(config.AUTHORIZATION_CODE_TTL, 60)
    assert.equal(config.BCRYPT_COST, 12)
    assert.equal(config.TRUST_PROXY, false)
    assert.equal(config.usingPglite, true)
    assert.equal(config.authSecret, secret)
    assert.equal(config.PORT, 3000)
    assert.equal(config.LISTEN_HOST, '0.0.0.0')
    assert.equal(config.DATABASE_POOL_SIZE, 10)
    assert.equal(config.BCRYPT_WORKERS, undefined)
    assert.equal(config.LOG_LEVEL, 'info')
    assert.equal(config.BENCHMARK_ROUTES, false)
  })

  it('defaults ISSUER to localhost on PORT, so PORT alone keeps discovery consistent', () => {
    assert.equal(parseConfig({ ...base, PORT: '3100' }).ISSUER, 'http://localhost:3100')
    assert.equal(parseConfig({ ...base, PORT: '3100', ISSUER: 'https://auth.example.com' }).ISSUER, 'https://auth.example.com')
  })

  it('reads the serving, pool, worker and log settings', () => {
    const config = parseConfig({ ...base, PORT: '8080', LISTEN_HOST: '127.0.0.1', DATABASE_POOL_SIZE: '4', BCRYPT_WORKERS: '0', LOG_LEVEL: 'warn', BENCHMARK_ROUTES: 'true' })
    assert.equal(config.PORT, 8080)
    assert.equal(config.LISTEN_HOST, '127.0.0.1')
    assert.equal(config.DATABASE_POOL_SIZE, 4)
    assert.equal(config.BCRYPT_WORKERS, 0)
    assert.equal(config.LOG_LEVEL, 'warn')
    assert.equal(config.BENCHMARK_ROUTES, true)
  })

  it('reads numbers and switches to PostgreSQL with DATABASE_URL', () => {
    const config = parseConfig({ ...base, DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', ACCESS_TOKEN_TTL: '300', TRUST_PROXY: 'true' })
    assert.equal(config.usingPglite, false)
    assert.equal(config.ACCESS_TOKEN_TTL, 300)
    assert.equal(config.TRUST_PROXY, true)
  })

  it('treats empty strings as unset (docker compose passes them through)', () => {
    const config = parseConfig({ ...base, DATABASE_URL: '', ISSUER: '', BCRYPT_COST: '' })
    assert.equal(config.usingPglite, true)
    assert.equal(config.ISSUER, 'http://localhost:3000')
    assert.equal(config.BCRYPT_COST, 12)
  })
})

describe('parseConfig refuses a bad value and names the variable', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['AUTH_SECRET', { AUTH_SECRET: 'too-short' }],
    ['ISSUER', { ISSUER: 'not a url' }],
    ['ISSUER', { ISSUER: 'https://auth.example.com/' }],
    ['ISSUER', { ISSUER: 'https://auth.example.com?x=1' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['BCRYPT_COST', { BCRYPT_COST: '3' }],
    ['BCRYPT_COST', { BCRYPT_COST: '16' }],
    ['BCRYPT_COST', { BCRYPT_COST: 'twelve' }],
    ['ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: '0' }],
    ['ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: '1.5' }],
    ['AUTHORIZATION_CODE_TTL', { AUTHORIZATION_CODE_TTL: '601' }],
    ['SESSION_TTL', { SESSION_TTL: '-1' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT', { LOGIN_MAX_FAILURES_PER_ACCOUNT: '0' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['ISSUER', { ISSUER: 'ftp://auth.example.com' }],
    ['PORT', { PORT: '0' }],
    ['PORT', { PORT: '65536' }],
    ['PORT', { PORT: 'http' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: 'ten' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '0' }],
    ['BCRYPT_WORKERS', { BCRYPT_WORKERS: '-1' }],
    ['BCRYPT_WORKERS', { BCRYPT_WORKERS: '17' }],
    ['BCRYPT_WORKERS', { BCRYPT_WORKERS: 'many' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['BENCHMARK_ROUTES', { BENCHMARK_ROUTES: '1' }],
  ]
  for (const [variable, values] of cases) {
    it(`${variable}=${JSON.stringify(Object.values(values)[0])}`, () => {
      assert.throws(() => parseConfig({ ...base, ...values }), configError(variable))
    })
  }

  it('names every bad variable at once', () => {
    assert.throws(() => parseConfig({ ...base, BCRYPT_COST: '99', ISSUER: 'ftp:/x/' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, /BCRYPT_COST: /)
      assert.match(error.message, /ISSUER: /)
      return true
    })
  })
})

describe('AUTH_SECRET absent', () => {
  it('is generated once into DATA_DIR/secret (mode 0600) and reused', () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-config-')), 'nested', 'data')
    const warn = console.warn
    const warnings: string[] = []
    console.warn = (line: string) => { warnings.push(line) }
    try {
      const first = parseConfig({ DATA_DIR: dataDir })
      const file = path.join(dataDir, 'secret')
      assert.ok(existsSync(file))
      assert.equal(statSync(file).mode & 0o777, 0o600)
      assert.ok(first.authSecret.length >= 32)
      assert.equal(readFileSync(file, 'utf8').trim(), first.authSecret)
      assert.equal(parseConfig({ DATA_DIR: dataDir }).authSecret, first.authSecret)
      assert.equal(warnings.length, 1, 'warns once, when it generates the secret')
      assert.match(warnings[0], /AUTH_SECRET is not set/)
      assert.ok(!warnings[0].includes(first.authSecret), 'the warning never shows the secret')
    } finally {
      console.warn = warn
    }
  })
})
