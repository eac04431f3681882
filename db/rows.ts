import type { SQL } from 'drizzle-orm'
import type { Executor } from './client'

/** The rows of a raw statement: db.execute answers {rows} on PGlite and an array on postgres.js
 * (drizzle's query builder hides the difference; raw statements do not). */
export async function executeRows<Row extends Record<string, unknown>>(db: Executor, query: SQL): Promise<Row[]> {
  const result = await db.execute<Row>(query)
  return (Array.isArray(result) ? result : (result as unknown as { rows: Row[] }).rows) as Row[]
}
