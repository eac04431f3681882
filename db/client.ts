// postgres.js when DATABASE_URL is set, embedded PGlite under DATA_DIR otherwise.
// Same schema, same migrations, same query code above the driver.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { sql as statement } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { ConfigError, config } from '@/lib/config'
import { dataDirProblem, embeddedDatabaseProblem } from '@/lib/data-dir'
import { DeadlineExceededError, remainingMs } from '@/lib/deadline'
import * as schema from './schema'
import { databaseKnownDown, noteDatabaseError, registerProbe, unavailable } from './availability'
import { acquireDataDirLock } from './lock'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
export type Executor = Database | Transaction

const migrationsFolder = path.join(process.cwd(), 'db/migrations')

interface Holder { __gatehouseDb?: Promise<{ db: Database; close: () => Promise<void> }>; __gatehouseDbReady?: Promise<Database> }
const holder = globalThis as unknown as Holder

async function open(): Promise<{ db: Database; close: () => Promise<void> }> {
  const { DATABASE_URL, DATA_DIR, DATABASE_POOL_SIZE, DATABASE_PREPARED_STATEMENTS, DATABASE_MIGRATION_URL } = config()
  if (DATABASE_URL) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    // Migrations on connections of their own (one holds the advisory lock, one migrates),
    // without the serving pool's statement timeout.
    // The advisory lock is session-level: through a transaction-mode pooler the unlock could
    // reach another server connection, hence a URL of its own for a direct connection.
    const migrator = postgres(DATABASE_MIGRATION_URL ?? DATABASE_URL, { max: 2, onnotice: () => {}, connect_timeout: CONNECT_TIMEOUT_SECONDS, prepare: DATABASE_PREPARED_STATEMENTS })
    try {
      await migrateOnce(() => migrate(drizzle(migrator, { schema }), { migrationsFolder }), migrator)
    } finally {
      await migrator.end({ timeout: 5 })
    }
    const sql = postgres(DATABASE_URL, {
      max: DATABASE_POOL_SIZE,
      // Off for transaction-mode poolers, which may run a statement on a connection that never
      // prepared it.
      prepare: DATABASE_PREPARED_STATEMENTS,
      onnotice: () => {},
      // Connects and reconnects are bounded: an unreachable database fails within this, not
      // after the operating system's minutes-long TCP timeout.
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      // postgres.js waits ever longer between reconnects after failures (up to 20 s), which kept
      // requests waiting long after the database was back; the breaker already keeps the load of
      // an outage off the pool, so a reconnect may follow a failure quickly.
      backoff: () => RECONNECT_DELAY_SECONDS,
      idle_timeout: 60,
      connection: {
        // No statement runs unbounded; request transactions lower it to their time left.
        statement_timeout: STATEMENT_TIMEOUT_MS,
        // A transaction whose process vanished mid-way does not hold its locks for long.
        idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
    })
    const db = guardTransactions(drizzle(sql, { schema }) as unknown as Database)
    registerProbe(() => sql`select 1`)
    return { db, close: () => { registerProbe(undefined); return sql.end({ timeout: 5 }) } }
  }
  const problem = dataDirProblem(DATA_DIR)
  if (problem) throw new ConfigError(embeddedDatabaseProblem(problem), ['DATABASE_URL'])
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
    registerProbe(() => client.query('select 1'))
    return {
      db: guardTransactions(db as unknown as Database),
      close: async () => { registerProbe(undefined); await client.close(); releaseLock() },
    }
  } catch (error) {
    releaseLock()
    throw error
  }
}

/** Seconds a connect (or reconnect) may take before it fails. */
const CONNECT_TIMEOUT_SECONDS = 1.5
const RECONNECT_DELAY_SECONDS = 0.1
/** The ceiling of any statement; work outside a request (cleanup, start-up) runs under it. */
const STATEMENT_TIMEOUT_MS = 30_000
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000

/**
 * Every transaction opened during a request honours its deadline (lib/deadline.ts): it does not
 * start when no time is left, every statement in it is cancelled by PostgreSQL when the time
 * runs out (SET LOCAL statement_timeout), and it rolls back instead of committing when the
 * deadline passed (or the client left) while it ran. Done here, once, so that no write path
 * can forget it. Outside a request, transactions run as before.
 */
function guardTransactions(db: Database): Database {
  const begin = db.transaction.bind(db)
  const guarded: Database['transaction'] = (work, options) => begin(async (tx) => {
    const left = remainingMs()
    if (left !== undefined) {
      if (left <= 0) throw new DeadlineExceededError()
      await tx.execute(statement`select set_config('statement_timeout', ${String(Math.ceil(left))}, true)`)
    }
    const result = await work(tx)
    // Throwing here rolls the transaction back: past the deadline nothing commits.
    if (left !== undefined && (remainingMs() ?? 1) <= 0) throw new DeadlineExceededError()
    return result
  }, options).catch((error: unknown) => {
    noteDatabaseError(error)
    throw error
  })
  db.transaction = guarded
  return db
}

/**
 * For a single write statement outside a transaction: runs it in a guarded transaction while a
 * request deadline is active (so it cannot commit late), straight on `db` otherwise.
 */
export function withinDeadline<T>(db: Executor, work: (executor: Executor) => Promise<T>): Promise<T> {
  return remainingMs() === undefined ? work(db) : db.transaction((tx) => work(tx))
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

/** The shared database handle; opened and migrated on first use. A failed open is not memoised.
 * Rejects at once while the circuit breaker knows the database is unreachable. */
export function database(): Promise<Database> {
  if (databaseKnownDown()) return Promise.reject(unavailable())
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
