// Configuration, parsed and validated once (SPEC §5). A bad value stops the start with a
// message naming the variable; the issuer always comes from here, never from a request.
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const seconds = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback)

const environmentSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ISSUER: z.url().refine((u) => !u.endsWith('/') && !u.includes('?') && !u.includes('#'),
    'must be an http(s) URL without a trailing slash, query or fragment').default('http://localhost:3000'),
  ACCESS_TOKEN_TTL: seconds(900, 86_400),
  // Idle lifetime: each rotation gives the successor this long, never past the family's end.
  REFRESH_TOKEN_TTL: seconds(30 * 86_400, 365 * 86_400),
  // Absolute lifetime of a refresh family, counted from its grant; rotation never extends it.
  REFRESH_TOKEN_ABSOLUTE_TTL: seconds(30 * 86_400, 5 * 365 * 86_400),
  // How long a just-rotated refresh token may be presented again (a retry whose answer was lost)
  // and still yield a working successor; 0 treats every re-presentation as replay.
  REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  ID_TOKEN_TTL: seconds(3600, 86_400),
  AUTHORIZATION_CODE_TTL: seconds(60, 600),
  SESSION_TTL: seconds(14 * 86_400, 365 * 86_400),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
  RATE_LIMIT_WINDOW: seconds(900, 86_400),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  ADMIN_USERNAME: z.string().min(3).max(32).optional(),
  ADMIN_PASSWORD: z.string().min(8).max(72).optional(),
  // Audit rows older than this are pruned by the cleanup (lib/cleanup.ts).
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // How often each instance deletes expired codes, sessions, tokens and old audit rows.
  CLEANUP_INTERVAL_SECONDS: seconds(600, 86_400),
  // Milliseconds a protocol request may take; past it the client gets 503 and nothing it did commits.
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
})

export type Config = z.infer<typeof environmentSchema> & { authSecret: string; usingPglite: boolean }

export class ConfigError extends Error {}

export function parseConfig(environment: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as docker-compose passes them through.
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = environmentSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  const values = parsed.data
  return { ...values, authSecret: values.AUTH_SECRET ?? loadOrCreateSecret(values.DATA_DIR), usingPglite: !values.DATABASE_URL }
}

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  console.warn(JSON.stringify({ level: 'warn', msg: `AUTH_SECRET is not set: generated one into ${file}. Set AUTH_SECRET for production and for several instances.` }))
  return secret
}

const holder = globalThis as unknown as { __gatehouseConfig?: Config }

export function config(): Config {
  holder.__gatehouseConfig ??= parseConfig(process.env)
  return holder.__gatehouseConfig
}

/** Re-reads the environment: tests and the benchmark point one process at other settings. */
export function reloadConfig(): void {
  holder.__gatehouseConfig = undefined
}
