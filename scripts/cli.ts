// The shared ending of the command-line tools (admin, keys): close the database, exit with the
// command's status, and print errors that already say what to do without a stack trace.
import { closeDatabase } from '@/db/client'
import { DataDirLockedError } from '@/db/lock'
import { ConfigError } from '@/lib/config'

type ErrorClass = abstract new (...args: never[]) => Error

export function runCli(main: (args: string[]) => Promise<number>, knownErrors: ErrorClass[] = []): void {
  const known = [ConfigError, DataDirLockedError, ...knownErrors]
  main(process.argv.slice(2))
    .then(async (status) => {
      await closeDatabase()
      process.exit(status)
    })
    .catch(async (error: unknown) => {
      await closeDatabase().catch(() => {})
      const expected = known.some((kind) => error instanceof kind)
      console.error(expected ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error))
      process.exit(1)
    })
}
