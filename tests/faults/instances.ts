// Instances of the built lean server (`npm start` is `node dist/server.mjs`), each on its own
// port, all on one database with one AUTH_SECRET and ISSUER, as behind a load balancer.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { elapsed, sleep } from './clock'

export class Instance {
  readonly origin: string
  private child: ChildProcess | null = null

  constructor(readonly name: string, readonly port: number, private readonly root: string, private readonly logPath: string) {
    this.origin = `http://127.0.0.1:${port}`
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null
  }

  /** Starts the server and waits until /api/health answers 200; returns the test clock then. */
  async start(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<number> {
    const output = openSync(this.logPath, 'a')
    const child = spawn(process.execPath, ['dist/server.mjs'], {
      cwd: this.root,
      env: { ...env, PORT: String(this.port), LISTEN_HOST: '127.0.0.1', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', output, output],
    })
    closeSync(output)
    this.child = child
    const deadline = elapsed() + timeoutMs
    while (elapsed() < deadline) {
      if (!this.running) throw new Error(`instance ${this.name} exited while starting (log: ${this.logPath})`)
      try {
        const response = await fetch(`${this.origin}/api/health`, { signal: AbortSignal.timeout(2000) })
        await response.arrayBuffer()
        if (response.status === 200) return elapsed()
      } catch { /* not listening yet */ }
      await sleep(100)
    }
    throw new Error(`instance ${this.name} was not healthy within ${timeoutMs} ms (log: ${this.logPath})`)
  }

  /** `kill -9`: no shutdown code runs, in-flight requests lose their connections. */
  async crash(): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }

  /** Ends the process at once; synchronous, for exit handlers. */
  stopNow(): void {
    if (this.running) this.child!.kill('SIGKILL')
  }

  /** The last lines the server wrote (JSON log lines, which never hold tokens or secrets). */
  tail(lines: number): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    } catch {
      return '(no log)'
    }
  }
}

export function instancePair(root: string, ports: [number, number], logDirectory: string): [Instance, Instance] {
  return [
    new Instance('A', ports[0], root, path.join(logDirectory, 'instance-a.log')),
    new Instance('B', ports[1], root, path.join(logDirectory, 'instance-b.log')),
  ]
}
