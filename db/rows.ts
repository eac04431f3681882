import type { SQL } from 'drizzle-orm'
import type { Executor } from './client'

/** The rows of a raw statement: db.execute answers {rows} on PGlite and an array on postgres.js
 * (the two drivers differ here and nowhere else we use). */
export async function executeRows<Row extends Record<string, unknown>>(db: Executor, query: SQL): Promise<Row[]> {
  const result = await db.execute<Row>(query)
  return (Array.isArray(result) ? result : (result as unknown as { rows: Row[] }).rows) as Row[]
}
