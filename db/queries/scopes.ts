import { asc, inArray } from 'drizzle-orm'
import type { Executor } from '../client'
import { scopes, type Scope } from '../schema'

/** Inserts the scopes that do not exist yet; existing rows (and concurrent inserts) win. */
export async function insertMissingScopes(db: Executor, rows: (typeof scopes.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return
  await db.insert(scopes).values(rows).onConflictDoNothing({ target: scopes.name })
}

export async function listAllScopes(db: Executor): Promise<Scope[]> {
  return db.select().from(scopes).orderBy(asc(scopes.name))
}

export async function findScopesByName(db: Executor, names: readonly string[]): Promise<Scope[]> {
  if (names.length === 0) return []
  return db.select().from(scopes).where(inArray(scopes.name, [...names]))
}
