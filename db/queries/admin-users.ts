// Users as the admin console and the admin CLI see them: every account, searched and paged.
import { and, asc, count, eq, ilike, inArray, ne, or, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { executeRows } from '../rows'
import { users, type User } from '../schema'

export interface UserPage { users: User[]; total: number }

/** Escapes LIKE wildcards so a search for "a_b" matches the text "a_b" only. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

export async function searchUsers(db: Executor, search: string, limit: number, offset: number): Promise<UserPage> {
  const condition = search ? or(ilike(users.username, likePattern(search)), ilike(users.email, likePattern(search))) : undefined
  const [rows, [totals]] = await Promise.all([
    db.select().from(users).where(condition).orderBy(asc(sql`lower(${users.username})`), asc(users.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(users).where(condition),
  ])
  return { users: rows, total: totals.total }
}

export async function findUserByUsername(db: Executor, username: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(sql`lower(${users.username})`, username.toLowerCase())).limit(1)
  return row ?? null
}

/** Admins and users holding at least one restricted scope: what `npm run admin -- list` prints. */
export async function listPrivilegedUsers(db: Executor): Promise<User[]> {
  return db.select().from(users)
    .where(or(eq(users.isAdmin, true), sql`cardinality(${users.permissions}) > 0`))
    .orderBy(asc(sql`lower(${users.username})`))
}

/** Admins other than `userId` that can still log in: refusing to remove the last one avoids a lock-out. */
export async function countOtherActiveAdmins(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ total: count() }).from(users)
    .where(and(eq(users.isAdmin, true), ne(users.id, userId), sql`${users.disabledAt} is null`))
  return row.total
}

/**
 * Creates the first admin in one statement that only inserts while no admin exists, so two
 * instances starting together cannot both create one (the caller also holds an advisory lock).
 */
export async function insertUserIfNoAdmin(db: Executor, values: { username: string; email: string; passwordHash: string; mustChangePassword: boolean }): Promise<User | null> {
  const list = await executeRows<{ id: string }>(db, sql`
    insert into ${users} (username, email, password_hash, is_admin, must_change_password)
    select ${values.username}, ${values.email}, ${values.passwordHash}, true, ${values.mustChangePassword}
    where not exists (select 1 from ${users} where is_admin)
    returning id`)
  if (!list[0]) return null
  const [user] = await db.select().from(users).where(eq(users.id, list[0].id)).limit(1)
  return user ?? null
}

/** Usernames by id, in one query (the audit log names actors and subjects of a whole page). */
export async function findUsernames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const rows = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, ids))
  return new Map(rows.map((row) => [row.id, row.username]))
}
