// Start-up work, run once per process: validate configuration, open and migrate the database.
import { database } from '@/db/client'
import { config } from './config'
import { log } from './log'
import { publishedKeys } from './keys/store'
import { ensureBuiltinScopes } from './oauth/scopes'

export async function bootstrap(): Promise<void> {
  const settings = config() // throws with the variable's name on a bad value
  const db = await database()
  await ensureBuiltinScopes(db)
  await publishedKeys() // generates the first signing keys, and imports them once
  log.info('gatehouse started', { issuer: settings.ISSUER, database: settings.usingPglite ? 'pglite' : 'postgresql' })
}
