// Start-up work, run once per process: validate configuration, open and migrate the database,
// create the first admin when there is none, and start the periodic cleanup.
import { database, type Database } from '@/db/client'
import { isConnectionFailure } from '@/db/errors'
import { ensureFirstAdmin } from './admin/first-admin'
import { startCleanupSchedule } from './cleanup'
import { config } from './config'
import { issuerPortWarning } from './issuer-port'
import { log } from './log'
import { loadPublishedKeys } from './keys/store'
import { ensureBuiltinScopes } from './oauth/scopes/catalog'
import { nowMs } from './clock'

const holder = globalThis as unknown as { __gatehouseBootstrap?: Promise<void> }

/** Runs the start-up work once per process, however many entry points ask (the lean server and
 * Next's instrumentation both do); a failed start is not memoised. */
export function bootstrap(): Promise<void> {
  if (!holder.__gatehouseBootstrap) {
    const starting = runBootstrap()
    holder.__gatehouseBootstrap = starting
    starting.catch(() => { if (holder.__gatehouseBootstrap === starting) holder.__gatehouseBootstrap = undefined })
  }
  return holder.__gatehouseBootstrap
}

async function runBootstrap(): Promise<void> {
  const settings = config() // throws with the variable's name on a bad value
  const db = await databaseWhenReachable(settings.DATABASE_START_WAIT_SECONDS)
  await ensureBuiltinScopes(db)
  await loadPublishedKeys() // generates the first signing keys, and imports them once
  await ensureFirstAdmin(db) // first start: an admin from ADMIN_USERNAME / ADMIN_PASSWORD, or a one-time password
  startCleanupSchedule() // expired codes, sessions, tokens, old audit rows: now and every CLEANUP_INTERVAL_SECONDS
  log.info('gatehouse started', { issuer: settings.ISSUER, port: settings.PORT, database: settings.usingPglite ? 'pglite' : 'postgresql' })
  // Both serving modes listen on PORT (`next start` reads it too), so this covers either.
  const warning = issuerPortWarning(settings.ISSUER, settings.PORT)
  if (warning) log.warn(warning, { issuer: settings.ISSUER, port: settings.PORT })
}

/** Opens the database, retrying while PostgreSQL cannot be reached yet: a database container
 * started beside this one may take seconds to accept connections, and not every orchestrator
 * waits for its health check. */
async function databaseWhenReachable(waitSeconds: number): Promise<Database> {
  const giveUpAt = nowMs() + waitSeconds * 1000
  for (let attempt = 1; ; attempt++) {
    try {
      return await database()
    } catch (error) {
      if (!isConnectionFailure(error) || nowMs() >= giveUpAt) throw error
      if (attempt === 1) log.warn('database not reachable yet: retrying', { waitSeconds })
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
}
