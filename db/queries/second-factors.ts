// Storage of second factors (authenticator apps, recovery codes, passkeys) and of the short-lived
// state between a first factor and the second. Single use is decided by conditional UPDATE and
// DELETE … RETURNING, so two instances racing for one code or one pending sign-in get one winner.
import { and, asc, count, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm'
import type { Executor } from '../client'
import { enrolmentDeadlines, passkeys, pendingSignIns, recoveryCodes, totpFactors, type Passkey, type PendingSignIn, type TotpFactor } from '../schema'

export async function findTotpFactor(db: Executor, userId: string): Promise<TotpFactor | null> {
  const [row] = await db.select().from(totpFactors).where(eq(totpFactors.userId, userId)).limit(1)
  return row ?? null
}

/** Stores a secret waiting for its first code; a confirmed app is never overwritten. */
export async function saveUnconfirmedTotp(db: Executor, userId: string, secretSealed: string, now: Date): Promise<boolean> {
  const rows = await db.insert(totpFactors).values({ userId, secretSealed, createdAt: now })
    .onConflictDoUpdate({ target: totpFactors.userId, set: { secretSealed, createdAt: now }, setWhere: isNull(totpFactors.confirmedAt) })
    .returning({ userId: totpFactors.userId })
  return rows.length > 0
}

/** Confirms the app with the step of its first code (that step is then spent). */
export async function confirmTotp(db: Executor, userId: string, step: number, now: Date): Promise<boolean> {
  const rows = await db.update(totpFactors).set({ confirmedAt: now, lastUsedStep: step, lastUsedAt: now })
    .where(and(eq(totpFactors.userId, userId), isNull(totpFactors.confirmedAt))).returning({ userId: totpFactors.userId })
  return rows.length > 0
}

/** Spends a time step: true only for a step later than every one used before (replay refused). */
export async function spendTotpStep(db: Executor, userId: string, step: number, now: Date): Promise<boolean> {
  const rows = await db.update(totpFactors).set({ lastUsedStep: step, lastUsedAt: now })
    .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt), or(isNull(totpFactors.lastUsedStep), lt(totpFactors.lastUsedStep, step))))
    .returning({ userId: totpFactors.userId })
  return rows.length > 0
}

export async function deleteTotp(db: Executor, userId: string): Promise<boolean> {
  const rows = await db.delete(totpFactors).where(eq(totpFactors.userId, userId)).returning({ userId: totpFactors.userId })
  return rows.length > 0
}

export async function replaceRecoveryCodes(db: Executor, userId: string, codeHashes: string[], now: Date): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  if (codeHashes.length) await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now })))
}

/** Marks an unused code used; false when it is unknown or already spent. */
export async function spendRecoveryCode(db: Executor, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db.update(recoveryCodes).set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id })
  return rows.length > 0
}

export async function recoveryCodeCounts(db: Executor, userId: string): Promise<{ total: number; unused: number; lastUsedAt: Date | null }> {
  const rows = await db.select({ usedAt: recoveryCodes.usedAt }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  const used = rows.map((row) => row.usedAt).filter((at): at is Date => at !== null).sort((a, b) => b.getTime() - a.getTime())
  return { total: rows.length, unused: rows.length - used.length, lastUsedAt: used[0] ?? null }
}

export async function deleteRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const rows = await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).returning({ id: recoveryCodes.id })
  return rows.length
}

export async function listPasskeys(db: Executor, userId: string): Promise<Passkey[]> {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt))
}

export async function findPasskeyByCredentialId(db: Executor, credentialId: string): Promise<Passkey | null> {
  const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).limit(1)
  return row ?? null
}

export async function insertPasskey(db: Executor, values: typeof passkeys.$inferInsert): Promise<Passkey> {
  const [row] = await db.insert(passkeys).values(values).returning()
  return row
}

/** Records a use; the counter only moves forward (a cloned authenticator shows an older one). */
export async function recordPasskeyUse(db: Executor, id: string, previousCounter: number, counter: number, now: Date): Promise<boolean> {
  const rows = await db.update(passkeys).set({ counter, lastUsedAt: now })
    .where(and(eq(passkeys.id, id), eq(passkeys.counter, previousCounter))).returning({ id: passkeys.id })
  return rows.length > 0
}

export async function deletePasskey(db: Executor, userId: string, id: string): Promise<boolean> {
  const rows = await db.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning({ id: passkeys.id })
  return rows.length > 0
}

export async function deletePasskeys(db: Executor, userId: string): Promise<number> {
  const rows = await db.delete(passkeys).where(eq(passkeys.userId, userId)).returning({ id: passkeys.id })
  return rows.length
}

export async function countPasskeys(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(passkeys).where(eq(passkeys.userId, userId))
  return Number(row?.value ?? 0)
}

export async function insertPendingSignIn(db: Executor, values: typeof pendingSignIns.$inferInsert): Promise<void> {
  await db.insert(pendingSignIns).values(values)
}

export async function findPendingSignIn(db: Executor, tokenHash: string, purpose: PendingSignIn['purpose'], now: Date): Promise<PendingSignIn | null> {
  const [row] = await db.select().from(pendingSignIns)
    .where(and(eq(pendingSignIns.tokenHash, tokenHash), eq(pendingSignIns.purpose, purpose), gt(pendingSignIns.expiresAt, now))).limit(1)
  return row ?? null
}

/** Takes a pending sign-in once: of two concurrent takers, one gets the row. */
export async function takePendingSignIn(db: Executor, tokenHash: string, purpose: PendingSignIn['purpose'], now: Date): Promise<PendingSignIn | null> {
  const [row] = await db.delete(pendingSignIns)
    .where(and(eq(pendingSignIns.tokenHash, tokenHash), eq(pendingSignIns.purpose, purpose), gt(pendingSignIns.expiresAt, now))).returning()
  return row ?? null
}

export async function deletePendingSignIn(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(pendingSignIns).where(eq(pendingSignIns.tokenHash, tokenHash))
}

/** Puts a WebAuthn challenge on a pending sign-in (a passkey offered as the second step). */
export async function setPendingChallenge(db: Executor, tokenHash: string, challenge: string, now: Date): Promise<boolean> {
  const rows = await db.update(pendingSignIns).set({ challenge })
    .where(and(eq(pendingSignIns.tokenHash, tokenHash), gt(pendingSignIns.expiresAt, now))).returning({ tokenHash: pendingSignIns.tokenHash })
  return rows.length > 0
}

/** The enrolment deadline of a user, set to `dueAt` on first asking (a concurrent first asking keeps one). */
export async function enrolmentDeadline(db: Executor, userId: string, dueAt: Date): Promise<Date> {
  await db.insert(enrolmentDeadlines).values({ userId, dueAt }).onConflictDoNothing()
  const [row] = await db.select({ dueAt: enrolmentDeadlines.dueAt }).from(enrolmentDeadlines).where(eq(enrolmentDeadlines.userId, userId)).limit(1)
  return row?.dueAt ?? dueAt
}
