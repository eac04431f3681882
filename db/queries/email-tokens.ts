import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Executor } from '../client'
import { emailTokens, users, type EmailToken, type User } from '../schema'

export type EmailTokenPurpose = EmailToken['purpose']

export async function insertEmailToken(db: Executor, values: typeof emailTokens.$inferInsert): Promise<void> {
  await db.insert(emailTokens).values(values)
}

/** A link that still works: unused, unexpired, its address still the account's (or, for a
 * verification link, the address it proves). Read only: the page shows the form with it. */
export async function findUsableEmailToken(db: Executor, tokenHash: string, purpose: EmailTokenPurpose, now: Date): Promise<{ token: EmailToken; user: User } | null> {
  const [row] = await db.select({ token: emailTokens, user: users }).from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(and(eq(emailTokens.tokenHash, tokenHash), eq(emailTokens.purpose, purpose), isNull(emailTokens.consumedAt), gt(emailTokens.expiresAt, now)))
    .limit(1)
  return row ?? null
}

/** Uses a link up: one statement, so of two concurrent uses exactly one gets the row. */
export async function consumeEmailToken(db: Executor, tokenHash: string, purpose: EmailTokenPurpose, now: Date): Promise<EmailToken | null> {
  const [row] = await db.update(emailTokens).set({ consumedAt: now })
    .where(and(eq(emailTokens.tokenHash, tokenHash), eq(emailTokens.purpose, purpose), isNull(emailTokens.consumedAt), gt(emailTokens.expiresAt, now)))
    .returning()
  return row ?? null
}

/** Ends every other unused link of that purpose of the user (a reset done, an address proved). */
export async function consumeUserEmailTokens(db: Executor, userId: string, purpose: EmailTokenPurpose, now: Date): Promise<void> {
  await db.update(emailTokens).set({ consumedAt: now })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.consumedAt)))
}

/** The newest unused, unexpired verification link of the user: the address waiting to be proved. */
export async function findPendingVerification(db: Executor, userId: string, now: Date): Promise<EmailToken | null> {
  const [row] = await db.select().from(emailTokens)
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, 'email_verification'), isNull(emailTokens.consumedAt), gt(emailTokens.expiresAt, now)))
    .orderBy(desc(emailTokens.createdAt)).limit(1)
  return row ?? null
}

export async function findUserByEmail(db: Executor, email: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())).limit(1)
  return row ?? null
}
