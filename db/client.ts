// postgres.js when DATABASE_URL is set, embedded PGlite under DATA_DIR otherwise (SPEC §2).
// Same schema, same migrations, same query code above the driver.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { config } from '@/lib/config'
import * as schema from './schema'
import { acquireDataDirLock } from './lock'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
export type Executor = Database | Transaction

const migrationsFolder = path.join(process.cwd(), 'db/migrations')

interface Holder { __gatehouseDb?: Promise<{ db: Database; close: () => Promise<void> }>; __gatehouseDbReady?: Promise<Database> }
const holder = globalThis as unknown as Holder

async function open(): Promise<{ db: Database; close: () => Promise<void> }> {
  const { DATABASE_URL, DATA_DIR, DATABASE_POOL_SIZE } = config()
  if (DATABASE_URL) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    const sql = postgres(DATABASE_URL, {
      max: DATABASE_POOL_SIZE,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 60,
    })
    const db = drizzle(sql, { schema })
    await migrateOnce(() => migrate(db, { migrationsFolder }), sql)
    return { db: db as unknown as Database, close: () => sql.end({ timeout: 5 }) }
  }
  const directory = path.resolve(DATA_DIR, 'pglite')
  mkdirSync(directory, { recursive: true })
  const releaseLock = acquireDataDirLock(path.resolve(DATA_DIR))
  try {
    const { PGlite } = await import('@electric-sql/pglite')
    const { drizzle } = await import('drizzle-orm/pglite')
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    const client = await PGlite.create(directory)
    const db = drizzle(client, { schema })
    await migrate(db, { migrationsFolder })
    return {
      db: db as unknown as Database,
      close: async () => { await client.close(); releaseLock() },
    }
  } catch (error) {
    releaseLock()
    throw error
  }
}

// Several instances may start together on one PostgreSQL: an advisory lock serialises migrations.
async function migrateOnce(run: () => Promise<void>, sql: import('postgres').Sql): Promise<void> {
  const reserved = await sql.reserve()
  try {
    await reserved`select pg_advisory_lock(7231964)`
    await run()
  } finally {
    await reserved`select pg_advisory_unlock(7231964)`.catch(() => {})
    reserved.release()
  }
}

/** The shared database handle; opened and migrated on first use. A failed open is not memoised. */
export function database(): Promise<Database> {
  if (!holder.__gatehouseDb || !holder.__gatehouseDbReady) {
    const opening = open()
    holder.__gatehouseDb = opening
    // One promise for every caller: a fresh .then() per call was a promise per request.
    holder.__gatehouseDbReady = opening.then((h) => h.db)
    opening.catch(() => {
      if (holder.__gatehouseDb === opening) { holder.__gatehouseDb = undefined; holder.__gatehouseDbReady = undefined }
    })
  }
  return holder.__gatehouseDbReady
}

export async function closeDatabase(): Promise<void> {
  const opening = holder.__gatehouseDb
  holder.__gatehouseDb = undefined
  holder.__gatehouseDbReady = undefined
  if (opening) await (await opening).close()
}
