import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../client'
import { signingKeys, type SigningKey } from '../schema'

/** Every key still published in the JWKS (not retired), newest first. */
export async function listPublishedKeys(db: Executor): Promise<SigningKey[]> {
  return db.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt))
}

export async function listAllKeys(db: Executor): Promise<SigningKey[]> {
  return db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt))
}

export async function insertSigningKey(db: Executor, values: typeof signingKeys.$inferInsert): Promise<void> {
  await db.insert(signingKeys).values(values)
}

/** Takes every older signing key of an algorithm out of signing (it stays in the JWKS). */
export async function rotateOutKeys(db: Executor, alg: string, exceptKid: string, now: Date): Promise<void> {
  const rows = await db.select({ kid: signingKeys.kid }).from(signingKeys)
    .where(and(eq(signingKeys.alg, alg), isNull(signingKeys.rotatedOutAt), isNull(signingKeys.retiredAt)))
  for (const row of rows) {
    if (row.kid !== exceptKid) await db.update(signingKeys).set({ rotatedOutAt: now }).where(eq(signingKeys.kid, row.kid))
  }
}

export async function retireKey(db: Executor, kid: string, now: Date): Promise<boolean> {
  const rows = await db.update(signingKeys).set({ retiredAt: now, rotatedOutAt: now })
    .where(and(eq(signingKeys.kid, kid), isNull(signingKeys.retiredAt))).returning({ kid: signingKeys.kid })
  return rows.length > 0
}
