import { and, asc, count, eq } from 'drizzle-orm'
import type { Executor } from '../client'
import { upstreamLinks, upstreamProviders, users, type UpstreamLink, type UpstreamProviderRow, type User } from '../schema'

export async function listUpstreamProviderRows(db: Executor): Promise<UpstreamProviderRow[]> {
  return db.select().from(upstreamProviders).orderBy(asc(upstreamProviders.name))
}

export async function findUpstreamProviderRow(db: Executor, id: string): Promise<UpstreamProviderRow | null> {
  const [row] = await db.select().from(upstreamProviders).where(eq(upstreamProviders.id, id)).limit(1)
  return row ?? null
}

export async function insertUpstreamProvider(db: Executor, values: typeof upstreamProviders.$inferInsert): Promise<void> {
  await db.insert(upstreamProviders).values(values)
}

export async function updateUpstreamProvider(db: Executor, id: string, values: Partial<typeof upstreamProviders.$inferInsert>): Promise<boolean> {
  const rows = await db.update(upstreamProviders).set({ ...values, updatedAt: new Date() }).where(eq(upstreamProviders.id, id)).returning({ id: upstreamProviders.id })
  return rows.length > 0
}

/** Deletes the provider and every link to it: nobody signs in through a provider that is gone. */
export async function deleteUpstreamProvider(db: Executor, id: string): Promise<boolean> {
  await db.delete(upstreamLinks).where(eq(upstreamLinks.providerId, id))
  const rows = await db.delete(upstreamProviders).where(eq(upstreamProviders.id, id)).returning({ id: upstreamProviders.id })
  return rows.length > 0
}

export async function findUpstreamLink(db: Executor, providerId: string, subject: string): Promise<UpstreamLink | null> {
  const [row] = await db.select().from(upstreamLinks)
    .where(and(eq(upstreamLinks.providerId, providerId), eq(upstreamLinks.subject, subject))).limit(1)
  return row ?? null
}

export async function listUserUpstreamLinks(db: Executor, userId: string): Promise<UpstreamLink[]> {
  return db.select().from(upstreamLinks).where(eq(upstreamLinks.userId, userId)).orderBy(asc(upstreamLinks.createdAt))
}

export async function countUserUpstreamLinks(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ count: count() }).from(upstreamLinks).where(eq(upstreamLinks.userId, userId))
  return row.count
}

export async function insertUpstreamLink(db: Executor, values: typeof upstreamLinks.$inferInsert): Promise<void> {
  await db.insert(upstreamLinks).values(values)
}

export async function touchUpstreamLink(db: Executor, providerId: string, subject: string, values: { email: string | null; emailVerified: boolean; at: Date }): Promise<void> {
  await db.update(upstreamLinks).set({ email: values.email, emailVerified: values.emailVerified, lastUsedAt: values.at })
    .where(and(eq(upstreamLinks.providerId, providerId), eq(upstreamLinks.subject, subject)))
}

export async function deleteUpstreamLink(db: Executor, userId: string, providerId: string): Promise<boolean> {
  const rows = await db.delete(upstreamLinks)
    .where(and(eq(upstreamLinks.userId, userId), eq(upstreamLinks.providerId, providerId)))
    .returning({ subject: upstreamLinks.subject })
  return rows.length > 0
}

/** The user's row, locked until the transaction ends: changes to their ways in take turns. */
export async function lockUserForUpdate(db: Executor, userId: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).for('update')
  return row ?? null
}
