// Two processes on one PGlite data dir corrupt it silently, so the second
// opener (server or CLI) must be refused with a message that says what to do.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DataDirLockedError, acquireDataDirLock } from '@/db/lock'

const root = path.resolve(import.meta.dirname, '../..')
const started: ChildProcess[] = []

after(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
})

/** The embedded database only: DATABASE_URL is removed even when the suite runs on PostgreSQL. */
function childEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, AUTH_SECRET: 'lock-test-secret-that-is-long-enough-0123', NEXT_TELEMETRY_DISABLED: '1' }
  delete environment.DATABASE_URL
  delete environment.NODE_OPTIONS // node --test sets hooks for itself, not for grandchildren
  return environment
}

function tsx(script: string, dataDir: string): ChildProcess {
  const child = spawn('npx', ['tsx', script], { cwd: root, env: childEnvironment(dataDir), stdio: ['pipe', 'pipe', 'pipe'] })
  started.push(child)
  return child
}

function output(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  return { stdout: () => stdout, stderr: () => stderr }
}

function exited(child: ChildProcess, timeoutMs = 60_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    const timer = setTimeout(() => reject(new Error('child did not exit in time')), timeoutMs)
    child.once('exit', (code) => { clearTimeout(timer); resolve(code) })
  })
}

// Opening a fresh embedded database runs every migration: over a minute on a loaded 2-core machine.
function ready(child: ChildProcess, timeoutMs = 180_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`holder not ready in time: ${seen}`)), timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      const match = /ready (\d+)/.exec(seen)
      if (match) { clearTimeout(timer); resolve(Number(match[1])) }
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`holder exited with ${code}: ${seen}`)) })
  })
}

describe('PGlite data dir lock', () => {
  it('refuses a second process on a data dir in use, naming the holder and the way out', { timeout: 300_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-lock-'))
    const holder = tsx('tests/helpers/hold-data-dir.ts', dataDir)
    const holderPid = await ready(holder)
    assert.equal(readFileSync(path.join(dataDir, 'gatehouse.lock'), 'utf8'), String(holderPid))

    // The second opener is the migration CLI, a separate process.
    const second = tsx('scripts/migrate.ts', dataDir)
    const secondOutput = output(second)
    assert.equal(await exited(second), 1, `second opener must fail: ${secondOutput.stdout()}${secondOutput.stderr()}`)
    const message = secondOutput.stderr()
    assert.match(message, new RegExp(`The embedded database in ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process ${holderPid}\\.`))
    assert.match(message, /Stop that process first, or set DATABASE_URL/)
    assert.doesNotMatch(message, /^\s+at /m, 'a clear message, not a stack trace')

    // Once the holder has closed, the data dir is free again and its data intact.
    holder.stdin?.end()
    assert.equal(await exited(holder), 0)
    assert.equal(existsSync(path.join(dataDir, 'gatehouse.lock')), false, 'the lock file is removed on close')
    const third = tsx('scripts/migrate.ts', dataDir)
    const thirdOutput = output(third)
    assert.equal(await exited(third), 0, thirdOutput.stderr())
    assert.match(thirdOutput.stdout(), /migrations applied to the embedded database/)
  })

  it('takes over a lock left by a process that died', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-lock-'))
    writeFileSync(path.join(dataDir, 'gatehouse.lock'), '2147483646') // no such process
    const release = acquireDataDirLock(dataDir)
    assert.equal(readFileSync(path.join(dataDir, 'gatehouse.lock'), 'utf8'), String(process.pid))
    release()
    assert.equal(existsSync(path.join(dataDir, 'gatehouse.lock')), false)
  })

  it('refuses in-process when the lock belongs to another live process', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-lock-'))
    writeFileSync(path.join(dataDir, 'gatehouse.lock'), String(process.ppid))
    assert.throws(() => acquireDataDirLock(dataDir), (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError)
      assert.match(error.message, new RegExp(`in use by process ${process.ppid}\\.`))
      return true
    })
  })
})
