// Statements of the hot reads, built once per database handle. Drizzle's query building was a
// visible share of a refresh (measured), and a named statement is parsed and planned once per
// connection by PostgreSQL instead of on every call. Inside a transaction the statement is built
// for that transaction (it must run on the transaction's connection), so correctness never
// depends on which executor a caller passes.
import type { Executor } from './client'

const statements = new WeakMap<Executor, Map<string, unknown>>()

export function preparedStatement<T>(db: Executor, name: string, build: (db: Executor) => T): T {
  let forHandle = statements.get(db)
  if (!forHandle) {
    forHandle = new Map()
    statements.set(db, forHandle)
  }
  let statement = forHandle.get(name) as T | undefined
  if (statement === undefined) {
    statement = build(db)
    forHandle.set(name, statement)
  }
  return statement
}
