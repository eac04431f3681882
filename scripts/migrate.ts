// `npm run db:migrate`: opens the configured database (PostgreSQL when DATABASE_URL is set,
// PGlite under DATA_DIR otherwise), which applies every pending migration, then closes it.
// The server also migrates at start; this is for deploy pipelines that migrate first.
import { closeDatabase, database } from '@/db/client'
import { DataDirLockedError } from '@/db/lock'
import { ConfigError, config } from '@/lib/config'

async function main(): Promise<void> {
  const settings = config()
  await database()
  await closeDatabase()
  const where = settings.usingPglite ? `embedded database in ${settings.DATA_DIR}` : 'PostgreSQL'
  console.log(JSON.stringify({ level: 'info', msg: `migrations applied to the ${where}` }))
}

main().catch((error: unknown) => {
  // Configuration and lock errors already say what to fix; print them without a stack.
  const message = error instanceof ConfigError || error instanceof DataDirLockedError
    ? error.message
    : error instanceof Error ? (error.stack ?? error.message) : String(error)
  console.error(message)
  process.exit(1)
})
