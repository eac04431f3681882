// For tests that need an empty database of their own (first start with no admin): always a fresh
// embedded one, even when the suite runs against a shared PostgreSQL. Import before ./database.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

delete process.env.DATABASE_URL
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'gatehouse-fresh-'))

export function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gatehouse-fresh-'))
}
