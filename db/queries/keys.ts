import { and, desc, eq, gt, isNotNull, isNull, or } from 'drizzle-orm'
import type { Executor } from '../client'
import { signingKeys, type SigningKey } from '../schema'

/** Every key still published in the JWKS, newest first: not retired, and either still signing or
 * rotated out after `rotatedOutAfter` (older ones can only have signed tokens that have expired). */
export async function listPublishedKeys(db: Executor, rotatedOutAfter: Date): Promise<SigningKey[]> {
  return db.select().from(signingKeys)
    .where(and(isNull(signingKeys.retiredAt), or(isNull(signingKeys.rotatedOutAt), gt(signingKeys.rotatedOutAt, rotatedOutAfter))))
    .orderBy(desc(signingKeys.createdAt))
}

export async function findSigningKey(db: Executor, kid: string): Promise<SigningKey | null> {
  const [row] = await db.select().from(signingKeys).where(eq(signingKeys.kid, kid)).limit(1)
  return row ?? null
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

/** Takes a rotated-out key out of the JWKS; a key that still signs is never retired. */
export async function retireKey(db: Executor, kid: string, now: Date): Promise<boolean> {
  const rows = await db.update(signingKeys).set({ retiredAt: now })
    .where(and(eq(signingKeys.kid, kid), isNull(signingKeys.retiredAt), isNotNull(signingKeys.rotatedOutAt))).returning({ kid: signingKeys.kid })
  return rows.length > 0
}
