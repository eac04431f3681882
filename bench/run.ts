// npm run bench — builds once (or reuses the build), starts Gatehouse on PostgreSQL (DATABASE_URL,
// or a throwaway cluster) or PGlite, seeds, drives bounded load from this separate process on
// 127.0.0.1, and prints req/s, p50, p99, non-2xx and the ratio to the trivial route.
//   npm run bench -- [--db=postgres|pglite] [--mode=lean|next|both] [--rounds=3] [--duration=10]
//                    [--connections=16] [--peer]
import { basicAuthorization, freePort } from './net'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, cpus, totalmem } from 'node:os'
import path from 'node:path'
import { measure, measureFlows, median, type LoadSpec, type Measurement } from './load'
import { reloadConfig } from '@/lib/config'
import { BENCH_PASSWORD, BENCH_REDIRECT_URI, seed, type Seed } from './seed'
import { peerLoad, peerSummary, startPeer } from './peer/index'

const args = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.replace(/^--/, '').split('=')
  return [key, value ?? 'true']
}))
const databaseKind = args.db === 'pglite' ? 'pglite' : 'postgres'
const modes = (args.mode ?? 'both') === 'both' ? ['lean', 'next'] : [args.mode]
const rounds = Number(args.rounds ?? 3)
const duration = Number(args.duration ?? 10)
// 16 connections: the setting the dated figures in bench/results/ were measured with.
const connections = Number(args.connections ?? 16)
const warmupSeconds = 2
const root = path.resolve(import.meta.dirname, '..')
const AUTH_SECRET = 'bench-secret-that-is-long-enough-0123456789abcdef'
const children: ChildProcess[] = []
const cleanups: (() => void)[] = []

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}


function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, commandArgs, { cwd: root, env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  return result.stdout.trim()
}

function newestSourceTime(directory: string): number {
  let newest = 0
  for (const entry of readdirSync(path.join(root, directory), { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

function ensureBuild(): void {
  const buildId = path.join(root, '.next/BUILD_ID')
  const fresh = existsSync(buildId) && existsSync(path.join(root, 'dist/server.mjs'))
    && ['app', 'lib', 'db', 'server'].every((directory) => newestSourceTime(directory) < statSync(buildId).mtimeMs)
  if (fresh && !args.rebuild) {
    log('reusing the existing build: no source file is newer (--rebuild to build anyway)')
    return
  }
  log('building (next build + lean server bundle)…')
  run('npm', ['run', 'build'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: '' })
}

async function startDatabase(): Promise<Record<string, string>> {
  if (databaseKind === 'pglite') return { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-')) }
  if (process.env.DATABASE_URL) return { DATABASE_URL: process.env.DATABASE_URL }
  const directory = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-pg-'))
  const port = await freePort()
  log(`starting a throwaway PostgreSQL 15 on 127.0.0.1:${port}`)
  const url = run('bash', ['scripts/pg-cluster.sh', 'start', directory, String(port)])
  cleanups.push(() => { spawnSync('bash', ['scripts/pg-cluster.sh', 'stop', directory], { cwd: root }) })
  return { DATABASE_URL: url }
}

async function waitForHealth(origin: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${origin}/api/health`)).status === 200) return
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  throw new Error('server did not become healthy in 90 s')
}

function peakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

async function startServer(mode: string, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const command = mode === 'lean' ? ['node', ['dist/server.mjs']] as const : ['node', ['node_modules/next/dist/bin/next', 'start', '-p', String(port)]] as const
  // --profile: a V8 CPU profile of the server per mode, in bench/results/profile/ (node --cpu-prof).
  const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/results/profile')}`] : []
  const child = spawn(command[0], [...profile, ...command[1]], {
    cwd: root,
    env: { ...env, PORT: String(port), LISTEN_HOST: '127.0.0.1', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn', BENCHMARK_ROUTES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr?.on('data', (chunk) => { if (args.verbose) process.stderr.write(chunk) })
  children.push(child)
  await waitForHealth(`http://127.0.0.1:${port}`, child)
  return child
}

interface Row { scenario: string; unit: string; rounds: Measurement[] }

async function rounded(scenario: string, unit: string, once: (seconds: number) => Promise<Measurement>): Promise<Row> {
  await once(warmupSeconds)
  const results: Measurement[] = []
  for (let round = 0; round < rounds; round++) results.push(await once(duration))
  log(`${scenario}: ${results.map((r) => Math.round(r.rps)).join(' / ')} ${unit}`)
  return { scenario, unit, rounds: results }
}

async function benchMode(mode: string, env: NodeJS.ProcessEnv, seedData: Seed, port: number): Promise<{ rows: Row[]; rssMb: number; tokenP99DuringLogins: number }> {
  const origin = `http://127.0.0.1:${port}`
  const serverEnv = { ...env, ISSUER: origin }
  log(`starting Gatehouse (${mode === 'lean' ? 'lean server, npm start' : 'next start'}) on ${origin}`)
  const server = await startServer(mode, serverEnv, port)
  const basic = basicAuthorization
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const load = (spec: Omit<LoadSpec, 'connections' | 'durationSeconds'>, c = connections) => (seconds: number) => measure({ ...spec, connections: c, durationSeconds: seconds })
  let poolIndex = 0
  const rows: Row[] = []
  const only = args.only ? new Set(String(args.only).split(',')) : null
  const wanted = (name: string) => !only || only.has(name)
  rows.push(await rounded('trivial route (GET /api/ping)', 'req/s', load({ url: `${origin}/api/ping` })))
  if (wanted('cc')) rows.push(await rounded('client_credentials', 'req/s', load({ url: `${origin}/oauth/token`, method: 'POST', headers: { ...form, authorization: basic(seedData.clientId, seedData.clientSecret) }, body: 'grant_type=client_credentials' })))
  if (wanted('refresh')) rows.push(await rounded('refresh_token rotation', 'req/s', load({
    url: `${origin}/oauth/token`, method: 'POST', headers: { ...form, authorization: basic(seedData.clientId, seedData.clientSecret) },
    nextBody: () => `grant_type=refresh_token&refresh_token=${seedData.refreshTokens[poolIndex++ % seedData.refreshTokens.length]}`,
  })))
  if (wanted('resources')) rows.push(await rounded('/api/resources (valid JWT)', 'req/s', load({ url: `${origin}/api/resources`, headers: { authorization: `Bearer ${seedData.accessToken}` } })))
  if (wanted('introspection')) rows.push(await rounded('introspection', 'req/s', load({ url: `${origin}/oauth/introspect`, method: 'POST', headers: { ...form, authorization: basic(seedData.clientId, seedData.clientSecret) }, body: `token=${seedData.accessToken}` })))
  if (wanted('flow')) rows.push(await rounded('authorization code + PKCE flow', 'flows/s', (seconds) => measureFlows({
    origin, clientId: seedData.clientId, clientSecret: seedData.clientSecret, redirectUri: BENCH_REDIRECT_URI,
    cookie: seedData.sessionCookie, concurrency: 16, durationSeconds: seconds,
  })))
  // Logins (the bcrypt-heavy password grant) with client_credentials running beside them.
  const loginSpec = load({ url: `${origin}/oauth/token`, method: 'POST', headers: { ...form, authorization: basic(seedData.passwordClientId, seedData.passwordClientSecret) }, body: `grant_type=password&username=${seedData.username}&password=${encodeURIComponent(BENCH_PASSWORD)}&scope=openid` }, 4)
  const tokenSpec = load({ url: `${origin}/oauth/token`, method: 'POST', headers: { ...form, authorization: basic(seedData.clientId, seedData.clientSecret) }, body: 'grant_type=client_credentials' }, 8)
  const loginRounds: Measurement[] = []
  const tokenRounds: Measurement[] = []
  for (let round = 0; round < rounds && wanted('login'); round++) {
    const [logins, tokens] = await Promise.all([loginSpec(duration), tokenSpec(duration)])
    loginRounds.push(logins)
    tokenRounds.push(tokens)
  }
  if (loginRounds.length) {
    log(`password logins: ${loginRounds.map((r) => Math.round(r.rps)).join(' / ')} logins/s; token p99 meanwhile ${tokenRounds.map((r) => r.p99).join(' / ')} ms`)
    rows.push({ scenario: 'password login (bcrypt)', unit: 'logins/s', rounds: loginRounds })
  }
  const rssMb = peakRss(server.pid!)
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  return { rows, rssMb, tokenP99DuringLogins: tokenRounds.length ? median(tokenRounds.map((r) => r.p99)) : NaN }
}

function table(mode: string, result: Awaited<ReturnType<typeof benchMode>>): string {
  const trivial = median(result.rows[0].rounds.map((r) => r.rps))
  const lines = [
    `\n${mode === 'lean' ? 'Lean server (npm start)' : 'next start'} on ${databaseKind === 'postgres' ? 'PostgreSQL' : 'PGlite'} — medians of ${rounds} × ${duration} s, ${connections} connections`,
    '| scenario | rate | p50 ms | p99 ms | non-2xx | ratio to trivial |',
    '|---|---|---|---|---|---|',
  ]
  for (const row of result.rows) {
    const rate = median(row.rounds.map((r) => r.rps))
    lines.push(`| ${row.scenario} | ${rate.toFixed(0)} ${row.unit} | ${median(row.rounds.map((r) => r.p50)).toFixed(1)} | ${median(row.rounds.map((r) => r.p99)).toFixed(1)} | ${row.rounds.reduce((sum, r) => sum + r.non2xx + r.errors, 0)} | ${row.unit === 'req/s' ? `${((rate / trivial) * 100).toFixed(0)} %` : '—'} |`)
  }
  lines.push(`token endpoint p99 while logins run: ${result.tokenP99DuringLogins.toFixed(1)} ms; server peak RSS: ${result.rssMb.toFixed(0)} MB`)
  return lines.join('\n')
}

async function main(): Promise<void> {
  const started = Date.now()
  ensureBuild()
  const databaseEnv = await startDatabase()
  Object.assign(process.env, databaseEnv, { AUTH_SECRET })
  const poolSize = Number(args.pool ?? 60_000)
  log(`seeding (a user, clients, a session, ${poolSize} refresh tokens)…`)
  const env = { ...process.env, ...databaseEnv, AUTH_SECRET }
  const results: Record<string, Awaited<ReturnType<typeof benchMode>>> = {}
  for (const mode of modes) {
    // Tokens are minted for the issuer the server will have, so the port is chosen first.
    const port = await freePort()
    process.env.ISSUER = `http://127.0.0.1:${port}`
    reloadConfig()
    const seedData = await seed(poolSize)
    results[mode] = await benchMode(mode, env, seedData, port)
  }
  // --peer: node-oidc-provider 9 on the same PostgreSQL, measured alone after Gatehouse (bench/peer/README.md).
  let peerRounds: Measurement[] | undefined
  if (args.peer && databaseEnv.DATABASE_URL) {
    const peer = await startPeer(databaseEnv.DATABASE_URL)
    try { peerRounds = (await rounded('peer: oidc-provider 9 client_credentials', 'req/s', (seconds) => measure({ ...peerLoad(peer), connections, durationSeconds: seconds }))).rounds } finally { await peer.stop() }
  } else if (args.peer) log('--peer needs PostgreSQL (--db=postgres); skipped')
  const peerReport = peerRounds ? `\n${peerSummary(peerRounds, Object.fromEntries(Object.entries(results).map(([mode, result]) => [mode, result.rows])))}` : ''
  const report = Object.entries(results).map(([mode, result]) => table(mode, result)).join('\n')
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
  console.log(`\nGatehouse benchmark — ${machine}${report}${peerReport}\n\nTotal time ${((Date.now() - started) / 1000).toFixed(0)} s`)
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  writeFileSync(path.join(root, 'bench/results/latest.json'), JSON.stringify({ date: new Date().toISOString(), machine, database: databaseKind, rounds, duration, connections, results, peer: peerRounds }, null, 2))
}

function stopAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  for (const cleanup of cleanups.splice(0)) cleanup()
}
process.on('exit', stopAll)
process.on('SIGINT', () => { stopAll(); process.exit(130) })
main().then(() => { stopAll(); process.exit(0) }, (error) => { console.error(error); stopAll(); process.exit(1) })
