// PGlite has no cross-process locking: two processes on one data dir corrupt it silently.
// A lock file holding our pid refuses a second opener.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export class DataDirLockedError extends Error {
  constructor(directory: string, pid: number) {
    super(`The embedded database in ${directory} is in use by process ${pid}. Stop that process first, or set DATABASE_URL to use PostgreSQL.`)
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function acquireDataDirLock(directory: string): () => void {
  mkdirSync(directory, { recursive: true })
  const file = path.join(directory, 'gatehouse.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
      let released = false
      const release = () => {
        if (released) return
        released = true
        try { if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file) } catch { /* already gone */ }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(file, 'utf8'))
      if (holder && holder !== process.pid && processIsAlive(holder)) throw new DataDirLockedError(directory, holder)
      rmSync(file, { force: true }) // stale lock from a process that died
    }
  }
  throw new Error(`Could not lock ${directory}`)
}
