// Configuration, parsed and validated once from the environment. A bad value stops the start
// with a message naming the variable; the issuer always comes from here, never from a request.
//
// Every variable is declared below with its bounds, its default and, beside them, what it does
// (`.meta({ description })`). docs/configuration.md is generated from this schema
// (`npm run docs:config`), and a unit test fails when the two drift apart. To add a variable,
// add one entry with a description; `shownDefault` / `allowed` override what the document
// shows when the schema alone cannot say it (a default computed at start, a pattern).
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { dataDirProblem } from './data-dir'
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH, USERNAME_PATTERN, passwordProblem } from './auth/credential-rules'
import { upstreamProvidersVariable } from './upstream/provider-rules'

const UNSUBSTITUTED_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}/

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max)
const seconds = (fallback: number, max: number) => integer(1, max).default(fallback)
const flag = (fallback: 'true' | 'false') => z.enum(['true', 'false']).default(fallback).transform((v) => v === 'true')

export const environmentSchema = z.object({
  // Serving
  PORT: integer(1, 65_535).default(3000)
    .meta({ description: 'Port that `npm start` and `npm run start:next` listen on; also the port of the default `ISSUER`. Use it rather than `next start -p`, which the configuration does not see.' }),
  LISTEN_HOST: z.string().min(1).max(255).default('0.0.0.0')
    .meta({ description: 'Address `npm start` listens on (`::` for IPv6, `127.0.0.1` for loopback only). Not `HOSTNAME`, which shells and containers set to the machine\'s name.', allowed: 'an IP address or host name' }),
  ISSUER: z.url().refine((u) => /^https?:\/\//.test(u) && !u.endsWith('/') && !u.includes('?') && !u.includes('#'),
    'must be an http(s) URL without a trailing slash, query or fragment').optional()
    .meta({ description: 'The public base URL: the `iss` of every token and of the discovery documents; never taken from a request. Set it whenever clients reach Gatehouse by another URL (a proxy, TLS, another port); the start logs it and warns when a loopback issuer names another port than the one listened on.', shownDefault: '`http://localhost:$PORT`', allowed: 'http(s) URL without trailing slash, query or fragment' }),
  TRUST_PROXY: flag('false')
    .meta({ description: 'Take the client address from `X-Forwarded-For` (the first entry). Only behind a proxy that sets it: otherwise any client picks its own address for the rate limits.' }),

  // Storage
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()
    .meta({ description: 'PostgreSQL through postgres.js. Unset: the embedded database (PGlite) under `DATA_DIR`, one process at a time.', allowed: '`postgres://` or `postgresql://` URL' }),
  DATABASE_POOL_SIZE: integer(1, 1000).default(10)
    .meta({ description: 'PostgreSQL connections per instance. Several instances share the server\'s `max_connections`.' }),
  DATA_DIR: z.string().min(1).default('.data')
    .meta({ description: 'Folder of the embedded database (`DATA_DIR/pglite`), its lock file and the generated `AUTH_SECRET`.', allowed: 'a path' }),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional()
    .meta({ description: 'Encrypts the session cookie and the private signing keys. Required for several instances and for production; changing it logs everyone out and makes the stored private keys unreadable.', shownDefault: 'generated into `DATA_DIR/secret` (mode 0600), with a warning', allowed: '≥ 32 characters' }),

  // Lifetimes (seconds)
  ACCESS_TOKEN_TTL: seconds(900, 86_400).meta({ description: 'Access token lifetime, in seconds.' }),
  REFRESH_TOKEN_TTL: seconds(30 * 86_400, 365 * 86_400)
    .meta({ description: 'Refresh token idle lifetime, in seconds (30 days): each rotation gives the successor this long, never past the family\'s absolute end.' }),
  REFRESH_TOKEN_ABSOLUTE_TTL: seconds(30 * 86_400, 5 * 365 * 86_400)
    .meta({ description: 'Absolute lifetime of a refresh family, in seconds, counted from its authorization; rotation never extends it (see docs/refresh-and-codes.md).' }),
  REFRESH_GRACE_SECONDS: integer(0, 300).default(30)
    .meta({ description: 'Seconds during which a just-rotated refresh token, presented again by its client before its successor was used (a retry whose answer was lost), yields a new successor that supersedes the unused one instead of revoking the family; `0` treats every re-presentation as replay (RFC 9700 §4.14.2).' }),
  ID_TOKEN_TTL: seconds(3600, 86_400).meta({ description: 'ID token lifetime, in seconds.' }),
  AUTHORIZATION_CODE_TTL: seconds(60, 600).meta({ description: 'Authorization code lifetime, in seconds; codes are single use and short-lived (RFC 6749 §4.1.2 recommends at most 10 minutes).' }),
  SESSION_TTL: seconds(14 * 86_400, 365 * 86_400).meta({ description: 'Login session lifetime, in seconds (14 days).' }),

  // Passwords and throttling
  BCRYPT_COST: integer(4, 15).default(12).meta({ description: 'bcrypt work factor for new password hashes; each step doubles the work.' }),
  BCRYPT_WORKERS: integer(0, 16).optional()
    .meta({ description: 'Worker threads that run bcrypt, so a login never blocks other requests; `0` hashes on the main thread.', shownDefault: 'cores − 1, at least 1' }),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: integer(1, 1000).default(10)
    .meta({ description: 'Failed logins per account and address per window before that pair is throttled; 20 × this is the account\'s ceiling over all addresses (see docs/security.md).' }),
  LOGIN_MAX_FAILURES_PER_IP: integer(1, 100_000).default(100)
    .meta({ description: 'Failed logins per client address per window.' }),
  RATE_LIMIT_WINDOW: seconds(900, 86_400).meta({ description: 'Length of the login and client-authentication rate-limit window, in seconds.' }),

  // Mail: email verification and password reset
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').max(2048).optional()
    .meta({ description: 'SMTP server the mails go through (nodemailer URL: `smtp://user:password@host:587`, `smtps://…:465` for TLS from the start). Unset: each mail is written to the log as a warning "mail not sent: SMTP_URL unset", with its link, so that a local start works without a mail server.', allowed: '`smtp://` or `smtps://` URL' }),
  MAIL_FROM: z.string().min(3).max(320).default('Gatehouse <gatehouse@localhost>')
    .meta({ description: 'Sender (`From`) of every mail, as `Name <address>` or a bare address.' }),
  PASSWORD_RESET_TTL: integer(60, 86_400).default(1800)
    .meta({ description: 'Seconds a mailed password-reset link works (30 minutes); it works once.' }),
  EMAIL_VERIFICATION_TTL: integer(300, 30 * 86_400).default(86_400)
    .meta({ description: 'Seconds a mailed email-verification link works (one day); it works once.' }),
  MAIL_MAX_PER_ACCOUNT: integer(1, 1000).default(5)
    .meta({ description: 'Reset-link requests per typed email, and verification mails per account, per mail window.' }),
  MAIL_MAX_PER_IP: integer(1, 100_000).default(30)
    .meta({ description: 'Reset-link requests and verification mails per client address per mail window.' }),
  MAIL_RATE_LIMIT_WINDOW: seconds(3600, 86_400).meta({ description: 'Length of the mail rate-limit window, in seconds.' }),

  // Administration and housekeeping
  // The first admin obeys the rules every account does; a value a deploy tool left
  // unsubstituted (`${ADMIN_PASSWORD:-}`) is refused rather than becoming the credential.
  ADMIN_USERNAME: z.string()
    .min(USERNAME_MIN_LENGTH, `must be at least ${USERNAME_MIN_LENGTH} characters`)
    .max(USERNAME_MAX_LENGTH, `must be at most ${USERNAME_MAX_LENGTH} characters`)
    .regex(USERNAME_PATTERN, 'must use letters, digits, dots, dashes and underscores only').optional()
    .meta({ allowed: 'the username rule: 3 – 32 letters, digits, `.`, `-`, `_`', description: 'Username of the admin created at the first start when no admin exists (default `admin`).' }),
  ADMIN_PASSWORD: z.string()
    .refine((value) => !UNSUBSTITUTED_VARIABLE.test(value), 'looks like an unsubstituted ${…} variable')
    .superRefine((value, context) => {
      const problem = passwordProblem(value)
      if (problem) context.addIssue({ code: 'custom', message: `does not meet the password policy: ${problem}` })
    }).optional()
    .meta({ description: 'Its password, and the password `npm run admin -- create / reset-password` set. Unset: a one-time password is generated and printed once.', allowed: 'the password policy: 8 characters – 72 bytes; no unsubstituted `${…}`' }),
  ADMIN_PASSWORD_CHANGE_REQUIRED: flag('true')
    .meta({ description: 'An `ADMIN_PASSWORD` must still be replaced at the first login; `false` keeps it.' }),
  AUDIT_RETENTION_DAYS: integer(1, 3650).default(90).meta({ description: 'Audit rows older than this many days are deleted by the cleanup.' }),
  CLEANUP_INTERVAL_SECONDS: seconds(600, 86_400)
    .meta({ description: 'How often each instance deletes expired codes, sessions, tokens, counters and old audit rows.' }),
  REQUEST_DEADLINE_MS: integer(100, 600_000).default(5000)
    .meta({ description: 'Milliseconds a protocol request may take; past it the client gets 503 `temporarily_unavailable` with `Retry-After` and nothing the request did commits (see docs/outages-and-deadlines.md).' }),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info')
    .meta({ description: 'Lowest level written to stdout; `warn` drops the per-request lines.' }),
  // Second factors
  SECOND_FACTOR_REQUIRED: z.enum(['none', 'admins', 'everyone']).default('none')
    .meta({ description: 'Who must have a second factor (authenticator app or passkey): nobody, admins, or every account. A user without one gets `SECOND_FACTOR_GRACE_DAYS` from their first sign-in under the policy, then can only enrol (see docs/second-factors.md).' }),
  SECOND_FACTOR_GRACE_DAYS: integer(0, 365).default(7)
    .meta({ description: 'Days a user under `SECOND_FACTOR_REQUIRED` may still sign in without a second factor, counted from their first sign-in under the policy; `0` asks for enrolment at once.' }),
  BENCHMARK_ROUTES: flag('false')
    .meta({ description: 'Serves `GET /api/ping`, the trivial route `npm run bench` measures the framework against. The benchmark sets it; leave it off otherwise.' }),

  // Deployment: connection poolers and serverless hosts (docs/deploy.md)
  DATABASE_PREPARED_STATEMENTS: flag('true')
    .meta({ description: 'Named prepared statements on PostgreSQL connections (parsed and planned once per connection). `false` for a pooler in transaction mode that does not keep them (PgBouncer before 1.21, some hosted poolers).' }),
  DATABASE_START_WAIT_SECONDS: integer(0, 600).default(30)
    .meta({ description: 'At start, how long to keep retrying a PostgreSQL that cannot be reached yet (a database container still starting) before giving up; `0` gives up at once.' }),
  DATABASE_MIGRATION_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()
    .meta({ description: 'PostgreSQL URL for the migrations run at start, which hold a session-level advisory lock: a direct or session-mode connection when `DATABASE_URL` goes through a pooler in transaction mode.', shownDefault: '`DATABASE_URL`', allowed: '`postgres://` or `postgresql://` URL' }),
  CRON_SECRET: z.string().min(32, 'must be at least 32 characters').optional()
    .meta({ description: 'Turns on `GET /api/cleanup`, which runs the cleanup for a scheduler that sends `Authorization: Bearer $CRON_SECRET` (Vercel Cron does), and turns off the in-process cleanup timer, which a serverless function does not live long enough to run. Unset: the route answers 404.', allowed: '≥ 32 characters' }),
  // Upstream login
  UPSTREAM_PROVIDERS: upstreamProvidersVariable.optional()
    .meta({ description: 'Upstream identity providers for "Continue with …" on the login and sign-up pages, besides those an admin adds in `/admin/upstream`: a JSON array of `{"id", "type": "oidc"|"github", "name", "issuer" (oidc), "client_id", "client_secret", "scopes"?, "link_by_verified_email"?}`. Register `{ISSUER}/login/upstream/{id}/callback` as the redirect URI at the provider (see docs/upstream-login.md).', shownDefault: 'none', allowed: 'JSON array' }),
  UPSTREAM_TIMEOUT_MS: integer(500, 60_000).default(5000)
    .meta({ description: 'Milliseconds Gatehouse waits for an upstream provider (discovery, token, userinfo) before showing the "provider unreachable" page.' }),
  // Machine clients: dynamic registration, client ID metadata documents, unverified clients
  REGISTRATION_POLICY: z.enum(['closed', 'token', 'open']).default('token')
    .meta({ description: 'Who may register a client at `/oauth/register` (RFC 7591): `closed` nobody, `token` whoever holds an initial access token an admin issued in `/admin/registration`, `open` anyone. Self-registered clients stay "unverified" until an admin verifies them.' }),
  CIMD_ALLOW_LOOPBACK: flag('false')
    .meta({ description: 'Let client ID metadata documents be fetched from loopback addresses (tests and local development only); private and link-local addresses stay refused.' }),
  CIMD_FETCH_TIMEOUT_MS: integer(100, 30_000).default(3000)
    .meta({ description: 'Milliseconds a client ID metadata document fetch may take before it is abandoned.' }),
  CIMD_CA_FILE: z.string().max(1000).optional()
    .meta({ description: 'A PEM file of extra certificate authorities trusted when fetching client ID metadata documents (a private PKI, or tests); the system ones stay trusted.', shownDefault: 'unset' }),
  UNVERIFIED_CLIENTS_RESTRICTED_SCOPES: flag('false')
    .meta({ description: 'Whether unverified (self-registered) clients may be granted restricted scopes at all; `false` limits them to non-restricted scopes until an admin verifies them.' }),
})

/** Variables read by next.config.mjs while building: documented beside the runtime ones. */
export const buildTimeVariables = [
  { name: 'NEXT_DIST_DIR', shownDefault: '`.next`', description: 'Build folder; separate folders let parallel builds and test runs share a checkout.' },
  { name: 'NEXT_OUTPUT', shownDefault: 'unset', description: '`standalone` builds Next\'s standalone output, for hosts that need it; it serves with `next start`\'s path only.' },
] as const

type Parsed = z.infer<typeof environmentSchema>
export type Config = Omit<Parsed, 'ISSUER'> & { ISSUER: string; authSecret: string; usingPglite: boolean }

/** A configuration that cannot serve; `variables` names what to set or fix. */
export class ConfigError extends Error {
  constructor(message: string, readonly variables: readonly string[] = []) {
    super(message)
  }
}

export function parseConfig(environment: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as docker-compose passes them through.
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = environmentSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    const variables = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))]
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`, variables)
  }
  const values = parsed.data
  return {
    ...values,
    ISSUER: values.ISSUER ?? `http://localhost:${values.PORT}`,
    authSecret: values.AUTH_SECRET ?? loadOrCreateSecret(values.DATA_DIR, !values.DATABASE_URL),
    usingPglite: !values.DATABASE_URL,
  }
}

function loadOrCreateSecret(dataDir: string, embeddedDatabase: boolean): string {
  const file = path.join(dataDir, 'secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const problem = dataDirProblem(dataDir)
  if (problem) {
    const missing = embeddedDatabase ? ['AUTH_SECRET', 'DATABASE_URL'] : ['AUTH_SECRET']
    throw new ConfigError(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set and ${problem}: set ${missing.join(' and ')} (required on read-only and serverless hosts).`, missing)
  }
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
