// A throwaway PostgreSQL 15 cluster that the fault test can stop and start again on the same port
// (scripts/pg-cluster.sh: `stop` is `pg_ctl stop -m fast`, `start` reuses the existing data).
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { elapsed, sleep } from './clock'

const run = promisify(execFile)

export class Cluster {
  readonly directory = mkdtempSync(path.join(tmpdir(), 'gatehouse-faults-pg-'))
  url = ''
  private removed = false

  constructor(private readonly root: string, readonly port: number) {}

  /** Starts the cluster (initialising it the first time) and returns its URL. Asynchronous, so
   * that the load keeps running and keeps its clock while PostgreSQL starts. */
  async start(): Promise<string> {
    const { stdout } = await run('bash', ['scripts/pg-cluster.sh', 'start', this.directory, String(this.port)], { cwd: this.root })
    this.url = stdout.trim()
    return this.url
  }

  /** `pg_ctl stop -m fast`: open connections are cut, in-flight transactions roll back. */
  async stop(): Promise<void> {
    await run('bash', ['scripts/pg-cluster.sh', 'stop', this.directory], { cwd: this.root })
  }

  /** Stops the cluster whatever state it is in and deletes it. Synchronous: it also runs from
   * process exit handlers, where nothing asynchronous completes. */
  destroy(): void {
    if (this.removed) return
    this.removed = true
    spawnSync('bash', ['scripts/pg-cluster.sh', 'stop', this.directory], { cwd: this.root, stdio: 'ignore' })
    rmSync(this.directory, { recursive: true, force: true })
  }
}

/** Polls `select 1` on fresh connections until PostgreSQL answers; returns when it first did
 * (milliseconds on the test clock). */
export async function waitUntilAccepting(url: string, timeoutMs: number): Promise<number> {
  const deadline = elapsed() + timeoutMs
  while (elapsed() < deadline) {
    const probe = postgres(url, { max: 1, connect_timeout: 1, idle_timeout: 1, onnotice: () => {} })
    try {
      await probe`select 1`
      return elapsed()
    } catch {
      await sleep(25)
    } finally {
      await probe.end({ timeout: 0 })
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`)
}
