// Starts the built server for the hostile-input suite: FUZZ_SERVER=lean (`npm start`, the
// default) or next (`next start`), on the database of DATABASE_URL or a fresh embedded one.
// The caller prepares the data (DATA_DIR for the embedded one). Loopback only; the process is
// stopped through its own handle, never by name.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

export interface RunningServer { base: string; port: number; mode: 'lean' | 'next'; stop: () => Promise<void>; output: () => string }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function waitForHealth(base: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    try {
      const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })
      if (response.status === 200) return
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error('the server did not become healthy in time')
}

export async function startBuiltServer(dataDir: string): Promise<RunningServer> {
  const mode = process.env.FUZZ_SERVER === 'next' ? 'next' : 'lean'
  const port = Number(process.env.FUZZ_PORT) || await freePort()
  const base = `http://127.0.0.1:${port}`
  const command = mode === 'lean' ? ['dist/server.mjs'] : ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1']
  let output = ''
  const child = spawn(process.execPath, command, {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      LISTEN_HOST: '127.0.0.1',
      ISSUER: base,
      DATA_DIR: dataDir,
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'test-secret-that-is-long-enough-0123456789',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Kept for the report of a failure (the server's own view of a 5xx), bounded.
  const keep = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-200_000) }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  try {
    await waitForHealth(base, child, Date.now() + 90_000)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n${output.slice(-4000)}`)
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
  return { base, port, mode, stop, output: () => output }
}
