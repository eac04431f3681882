// Built servers and a throwaway PostgreSQL cluster for the server-level tests (run after
// `npm run build`): free loopback ports, the lean server (`npm start`) or `next start`, health waits.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const AUTH_SECRET = process.env.AUTH_SECRET ?? 'test-secret-that-is-long-enough-0123456789'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export interface Cluster { url: string; stop: () => Promise<void>; start: () => Promise<void>; remove: () => Promise<void> }

/** A fresh PostgreSQL 15 on loopback (scripts/pg-cluster.sh), stoppable and restartable. */
export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pg-'))
  const port = await freePort()
  const script = path.join(process.cwd(), 'scripts/pg-cluster.sh')
  const start = async () => { await run('bash', [script, 'start', dir, String(port)], { timeout: 60_000 }) }
  const stop = async () => { await run('bash', [script, 'stop', dir], { timeout: 60_000 }) }
  await start()
  return { url: `postgres://gatehouse@127.0.0.1:${port}/gatehouse`, start, stop, remove: stop }
}

export type Mode = 'lean' | 'next'
export interface RunningServer { mode: Mode; url: string; process: ChildProcess; output: () => string; exited: Promise<number | null> }

/** Starts the built server in `mode` on a free port (or `port`, when the caller had to know it
 * first, e.g. for ISSUER) and waits until /api/health answers 200. */
export async function startServer(mode: Mode, env: Record<string, string>, port?: number): Promise<RunningServer> {
  port ??= await freePort()
  const args = mode === 'lean' ? ['dist/server.mjs'] : ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1']
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', AUTH_SECRET, PORT: String(port), LISTEN_HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => { output = (output + chunk).slice(-20_000) })
  child.stderr!.on('data', (chunk) => { output = (output + chunk).slice(-20_000) })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${mode} server exited: ${output}`)
    const status = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0)
    if (status === 200) break
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`${mode} server never became healthy: ${output}`) }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return { mode, url, process: child, output: () => output, exited }
}

export async function stopServer(server: RunningServer): Promise<void> {
  if (server.process.exitCode !== null) return
  server.process.kill('SIGTERM')
  const timer = setTimeout(() => server.process.kill('SIGKILL'), 15_000)
  await server.exited
  clearTimeout(timer)
}

/** One timed request: status, headers, body and milliseconds taken (status 0: no answer in 10 s). */
export async function timed(url: string, init: RequestInit = {}): Promise<{ status: number; ms: number; body: string; headers: Headers }> {
  const started = performance.now()
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(10_000) })
    const body = await response.text()
    return { status: response.status, ms: performance.now() - started, body, headers: response.headers }
  } catch {
    return { status: 0, ms: performance.now() - started, body: '', headers: new Headers() }
  }
}
