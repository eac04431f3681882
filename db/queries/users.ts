import { and, eq, ne, or, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { preparedStatement } from '../prepared'
import { users, type User } from '../schema'

export async function findUserById(db: Executor, id: string): Promise<User | null> {
  const statement = preparedStatement(db, 'find_user_by_id', (handle) =>
    handle.select().from(users).where(eq(users.id, sql.placeholder('id'))).limit(1).prepare('find_user_by_id'))
  const [row] = await statement.execute({ id })
  return row ?? null
}

/** Case-insensitive lookup by username or email (the login form takes either). */
export async function findUserByLogin(db: Executor, login: string): Promise<User | null> {
  const lowered = login.toLowerCase()
  const [row] = await db.select().from(users)
    .where(or(eq(sql`lower(${users.username})`, lowered), eq(sql`lower(${users.email})`, lowered)))
    .limit(1)
  return row ?? null
}

export async function usernameOrEmailTaken(db: Executor, field: 'username' | 'email', value: string, exceptUserId?: string): Promise<boolean> {
  const column = field === 'username' ? users.username : users.email
  const match = eq(sql`lower(${column})`, value.toLowerCase())
  const [row] = await db.select({ id: users.id }).from(users)
    .where(exceptUserId ? and(match, ne(users.id, exceptUserId)) : match).limit(1)
  return Boolean(row)
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert): Promise<User> {
  const [row] = await db.insert(users).values(values).returning()
  return row
}

export async function updateUser(db: Executor, id: string, values: Partial<typeof users.$inferInsert>): Promise<void> {
  await db.update(users).set({ ...values, updatedAt: new Date() }).where(eq(users.id, id))
}

export async function deleteUser(db: Executor, id: string): Promise<void> {
  await db.delete(users).where(eq(users.id, id))
}

export async function countAdmins(db: Executor): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users).where(eq(users.isAdmin, true))
  return row.count
}
