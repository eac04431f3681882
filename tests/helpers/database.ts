// Integration tests use the real database: PostgreSQL when DATABASE_URL is set, otherwise a
// fresh PGlite data dir per test process. Import this before anything that reads configuration.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { closeDatabase, database } from '@/db/client'

if (!process.env.DATABASE_URL) process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'))
process.env.AUTH_SECRET ??= 'test-secret-that-is-long-enough-0123456789'
// bcrypt's cost only slows the suite; its behaviour is the same at 4.
process.env.BCRYPT_COST ??= '4'

export { closeDatabase, database }

let counter = 0
/** A name no other test (or earlier run on the same PostgreSQL) has used. */
export function unique(prefix: string): string {
  counter += 1
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36)}${counter}`.slice(0, 32)
}
