// Start-up work, run once per process: validate configuration, open and migrate the database.
import { database } from '@/db/client'
import { config } from './config'
import { log } from './log'

export async function bootstrap(): Promise<void> {
  const settings = config() // throws with the variable's name on a bad value
  const db = await database()
  void db
  log.info('gatehouse started', { issuer: settings.ISSUER, database: settings.usingPglite ? 'pglite' : 'postgresql' })
}
