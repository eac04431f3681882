// Operator scopes in the catalog. Built-in (OpenID) scopes are never changed or deleted here.
import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { clients, scopes, users, type Scope } from '../schema'

export async function insertScope(db: Executor, values: { name: string; description: string; restricted: boolean }): Promise<Scope> {
  const [row] = await db.insert(scopes).values({ ...values, builtin: false }).returning()
  return row
}

export async function updateOperatorScope(db: Executor, name: string, values: { description: string; restricted: boolean }): Promise<Scope | null> {
  const [row] = await db.update(scopes).set(values).where(and(eq(scopes.name, name), eq(scopes.builtin, false))).returning()
  return row ?? null
}

export async function deleteOperatorScope(db: Executor, name: string): Promise<Scope | null> {
  const [row] = await db.delete(scopes).where(and(eq(scopes.name, name), eq(scopes.builtin, false))).returning()
  return row ?? null
}

/** Takes a deleted scope out of every client's allowed list and every user's permissions. */
export async function removeScopeEverywhere(db: Executor, name: string): Promise<void> {
  await db.update(clients).set({ scopes: sql`array_remove(${clients.scopes}, ${name})` }).where(sql`${name} = any(${clients.scopes})`)
  await db.update(users).set({ permissions: sql`array_remove(${users.permissions}, ${name})` }).where(sql`${name} = any(${users.permissions})`)
}
