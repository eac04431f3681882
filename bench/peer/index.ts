// Starts the benchmark peer (node-oidc-provider 9, see README.md) for bench/run.ts:
//   const peer = await startPeer(process.env.DATABASE_URL!)
//   … measure POST `${peer.origin}/token` with PEER_TOKEN_BODY and Basic peer.clientId:peer.clientSecret …
//   await peer.stop()
// Installs bench/peer's own dependencies on first use (npm ci --prefix bench/peer), seeds the client
// row, spawns `node bench/peer/server.mjs` on a free loopback port and waits until it answers.
import { basicAuthorization, freePort } from '../net'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { median, type LoadSpec, type Measurement } from '../load'

const peerDir = import.meta.dirname
const root = path.resolve(peerDir, '../..')

/** The request body the peer is measured with (scope given explicitly: oidc-provider grants no scope otherwise). */
export const PEER_TOKEN_BODY = 'grant_type=client_credentials&scope=bench:read'

export interface Peer {
  origin: string
  clientId: string
  clientSecret: string
  pid: number
  stop: () => Promise<void>
}


function childEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', ...extra }
  delete env.DEBUG // oidc-provider logs through `debug`
  return env
}

function installIfMissing(): void {
  if (existsSync(path.join(peerDir, 'node_modules/oidc-provider/package.json'))) return
  process.stderr.write('[bench] installing the peer (npm ci --prefix bench/peer)…\n')
  const result = spawnSync('npm', ['ci', '--prefix', peerDir, '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`npm ci --prefix bench/peer failed:\n${result.stdout}\n${result.stderr}`)
}

function seedPeer(databaseUrl: string): { clientId: string; clientSecret: string } {
  const result = spawnSync(process.execPath, [path.join(peerDir, 'seed.mjs')], { cwd: root, env: childEnv(databaseUrl), encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`seeding the peer failed:\n${result.stdout}\n${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { clientId: string; clientSecret: string }
}

export async function startPeer(databaseUrl: string): Promise<Peer> {
  installIfMissing()
  const { clientId, clientSecret } = seedPeer(databaseUrl)
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [path.join(peerDir, 'server.mjs')], {
    cwd: root,
    env: childEnv(databaseUrl, { PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const killOnExit = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') }
  process.on('exit', killOnExit)

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    process.off('exit', killOnExit)
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the peer exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`)
    }
    try {
      const response = await fetch(`${origin}/.well-known/openid-configuration`)
      await response.arrayBuffer()
      if (response.status === 200) break
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the peer did not answer within 30 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { origin, clientId, clientSecret, pid: child.pid!, stop }
}

/** The autocannon request for the peer's client_credentials issuance (bench/load.ts LoadSpec). */
export function peerLoad(peer: Peer): Omit<LoadSpec, 'connections' | 'durationSeconds'> {
  return {
    url: `${peer.origin}/token`,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basicAuthorization(peer.clientId, peer.clientSecret),
    },
    body: PEER_TOKEN_BODY,
  }
}

/** Gatehouse's scenarios that are compared with the peer's client_credentials rate. */
const COMPARED = ['client_credentials', '/api/resources (valid JWT)', 'introspection']

/**
 * The report lines: the peer's medians, then for each Gatehouse mode the rate of each compared
 * scenario divided by the peer's (above 1 = Gatehouse ahead), and whether client_credentials meets
 * the target: ≥ 1.5× the peer with zero non-2xx and p99 under 20 ms.
 */
export function peerSummary(peerRounds: Measurement[], gatehouse: Record<string, { scenario: string; rounds: Measurement[] }[]>): string {
  const rate = median(peerRounds.map((r) => r.rps))
  const failures = peerRounds.reduce((sum, r) => sum + r.non2xx + r.errors, 0)
  const lines = [
    `\nPeer: node-oidc-provider 9, client_credentials → ES256 JWT, client row read from the same PostgreSQL per request`,
    `| peer rate | p50 ms | p99 ms | non-2xx |`,
    `|---|---|---|---|`,
    `| ${rate.toFixed(0)} req/s | ${median(peerRounds.map((r) => r.p50)).toFixed(1)} | ${median(peerRounds.map((r) => r.p99)).toFixed(1)} | ${failures} |`,
  ]
  if (!rate) return lines.join('\n')
  for (const [mode, rows] of Object.entries(gatehouse)) {
    for (const row of rows) {
      if (!COMPARED.includes(row.scenario) || !row.rounds.length) continue
      const ours = median(row.rounds.map((r) => r.rps))
      lines.push(`Gatehouse ${mode} ${row.scenario} ÷ peer client_credentials: ${(ours / rate).toFixed(2)}× (${ours.toFixed(0)} vs ${rate.toFixed(0)} req/s)`)
      if (row.scenario !== 'client_credentials') continue
      const p99 = median(row.rounds.map((r) => r.p99))
      const errors = row.rounds.reduce((sum, r) => sum + r.non2xx + r.errors, 0)
      const met = ours >= 1.5 * rate && errors === 0 && p99 < 20
      lines.push(`  target (≥ 1.5× the peer, 0 non-2xx, p99 < 20 ms): ${met ? 'met' : 'missed'} (${(ours / rate).toFixed(2)}×, ${errors} non-2xx, p99 ${p99.toFixed(1)} ms)`)
    }
  }
  return lines.join('\n')
}
