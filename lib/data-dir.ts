// Whether DATA_DIR can hold the embedded database and a generated AUTH_SECRET. On a read-only
// file system (a serverless function, a read-only container) it cannot: the start then stops
// with one message naming the variables to set, instead of an EACCES on every request.
import { accessSync, constants, mkdirSync } from 'node:fs'
import path from 'node:path'

const checked = ((globalThis as unknown as { __gatehouseDataDir?: Map<string, string | null> }).__gatehouseDataDir ??= new Map())

/** Why `directory` cannot be created or written ("the data folder /x cannot be written (EROFS)"),
 * or undefined when it can. Checked once per folder and process. */
export function dataDirProblem(directory: string): string | undefined {
  const absolute = path.resolve(directory)
  let problem = checked.get(absolute)
  if (problem === undefined) {
    try {
      mkdirSync(absolute, { recursive: true })
      accessSync(absolute, constants.W_OK)
      problem = null
    } catch (error) {
      problem = `the data folder ${absolute} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`
    }
    checked.set(absolute, problem)
  }
  return problem ?? undefined
}

/** The start-up message when the embedded database cannot be used. */
export function embeddedDatabaseProblem(problem: string): string {
  return `DATABASE_URL is not set and ${problem}: set DATABASE_URL to a PostgreSQL URL (required on read-only and serverless hosts), or DATA_DIR to a writable folder.`
}
