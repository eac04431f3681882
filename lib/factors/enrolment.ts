// Enrolling and removing second factors from the account page, and the admin's reset.
import type { Database, Executor } from '@/db/client'
import {
  confirmTotp, countPasskeys, deletePasskeys, deleteRecoveryCodes, deleteTotp, findTotpFactor, listPasskeys,
  recoveryCodeCounts, replaceRecoveryCodes, saveUnconfirmedTotp,
} from '@/db/queries/second-factors'
import { findUserById } from '@/db/queries/users'
import type { Passkey, User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { verifyPassword } from '../auth/passwords'
import { currentTime } from '../clock'
import { config } from '../config'
import { releaseAttempt, reserveAttempt } from '../rate-limit'
import { refused, type Result } from '../result'
import { secondFactorLimits } from './limits'
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes'
import { matchingTotpStep, newTotpSecret, sealTotpSecret, totpUri, unsealTotpSecret } from './totp'

export const factorMessages = {
  wrongCode: 'That code is not right. Check the time on your device and try again.',
  throttled: 'Too many wrong codes. Wait a few minutes and try again.',
  alreadySetUp: 'An authenticator app is already set up.',
  setupExpired: 'The setup expired. Start again.',
  wrongPassword: 'That is not your password.',
} as const

// A secret shown but never confirmed is replaced after this long, so a QR code left on a screen
// stops being useful.
const UNCONFIRMED_SECRET_TTL_MS = 15 * 60 * 1000

export interface TotpSetup { secret: string; uri: string }

/** The secret to show on the setup page: the unconfirmed one still fresh, or a new one. Null
 * when an app is already set up. */
export async function totpSetup(db: Database, user: User, now = currentTime()): Promise<TotpSetup | null> {
  const existing = await findTotpFactor(db, user.id)
  if (existing?.confirmedAt) return null
  let secret: string
  if (existing && now.getTime() - existing.createdAt.getTime() < UNCONFIRMED_SECRET_TTL_MS) {
    secret = unsealTotpSecret(existing.secretSealed)
  } else {
    secret = newTotpSecret()
    if (!(await saveUnconfirmedTotp(db, user.id, sealTotpSecret(secret), now))) return null
  }
  return { secret, uri: totpUri(secret, user.username) }
}

/** Confirms the app with a first code. The first factor set up also creates the recovery codes,
 * returned here once and never again. */
export async function confirmTotpSetup(db: Database, user: User, code: string, context: RequestContext, now = currentTime()): Promise<Result<{ recoveryCodes: string[] | null }>> {
  const factor = await findTotpFactor(db, user.id)
  if (factor?.confirmedAt) return refused(factorMessages.alreadySetUp)
  if (!factor) return refused(factorMessages.setupExpired)
  const limits = secondFactorLimits(user.id, context.ip)
  const reservation = await reserveAttempt(db, limits, config().RATE_LIMIT_WINDOW, now)
  if (!reservation.granted) return refused(factorMessages.throttled, 'code')
  const step = await matchingTotpStep(unsealTotpSecret(factor.secretSealed), code.trim().replace(/\s/g, ''), now)
  if (step === null) return refused(factorMessages.wrongCode, 'code')
  const recoveryCodes = await db.transaction(async (tx) => {
    if (!(await confirmTotp(tx, user.id, step, now))) return undefined
    await audit(tx, { event: 'factor.totp_enabled', actorUserId: user.id }, context)
    return firstRecoveryCodes(tx, user.id, context, now)
  })
  if (recoveryCodes === undefined) return refused(factorMessages.alreadySetUp)
  await releaseAttempt(db, reservation, [limits[0].key])
  return { ok: true, recoveryCodes }
}

/** Recovery codes for the first factor set up: none yet, so make them; else null (keep the old). */
export async function firstRecoveryCodes(db: Executor, userId: string, context: RequestContext, now: Date): Promise<string[] | null> {
  return (await recoveryCodeCounts(db, userId)).unused === 0 ? issueRecoveryCodes(db, userId, context, now) : null
}

/** Ten new codes replace the old; returned in clear this once. */
export async function issueRecoveryCodes(db: Executor, userId: string, context: RequestContext, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes()
  await replaceRecoveryCodes(db, userId, codes.map(recoveryCodeHash), now)
  await audit(db, { event: 'factor.recovery_codes_generated', actorUserId: userId }, context)
  return codes
}

/** New recovery codes replace all the old ones (used or not). Only for an account with a factor. */
export async function regenerateRecoveryCodes(db: Database, user: User, context: RequestContext, now = currentTime()): Promise<Result<{ recoveryCodes: string[] }>> {
  if (!(await hasSecondFactor(db, user.id))) return refused('Set up an authenticator app or a passkey first.')
  const recoveryCodes = await db.transaction((tx) => issueRecoveryCodes(tx, user.id, context, now))
  return { ok: true, recoveryCodes }
}

/** Removing the app needs the password: a borrowed session alone must not strip the account's second factor. */
export async function removeTotp(db: Database, user: User, password: string, context: RequestContext): Promise<Result<object>> {
  const fresh = await findUserById(db, user.id)
  if (!fresh || !(await verifyPassword(password.slice(0, 1024), fresh.passwordHash))) return refused(factorMessages.wrongPassword, 'password')
  await db.transaction(async (tx) => {
    if (!(await deleteTotp(tx, user.id))) return
    await audit(tx, { event: 'factor.totp_removed', actorUserId: user.id }, context)
    await dropOrphanRecoveryCodes(tx, user.id)
  })
  return { ok: true }
}

/** Recovery codes stand in for a second factor: with no factor left they go too. */
export async function dropOrphanRecoveryCodes(db: Executor, userId: string): Promise<void> {
  if (!(await hasSecondFactor(db, userId))) await deleteRecoveryCodes(db, userId)
}

export async function hasSecondFactor(db: Executor, userId: string): Promise<boolean> {
  const totp = await findTotpFactor(db, userId)
  if (totp?.confirmedAt) return true
  return (await countPasskeys(db, userId)) > 0
}

export interface FactorSummary {
  totp: { confirmedAt: Date; lastUsedAt: Date | null } | null
  recoveryCodes: { total: number; unused: number; lastUsedAt: Date | null }
  passkeys: Passkey[]
}

export async function factorSummary(db: Executor, userId: string): Promise<FactorSummary> {
  const [totp, recoveryCodes, passkeys] = [await findTotpFactor(db, userId), await recoveryCodeCounts(db, userId), await listPasskeys(db, userId)]
  return { totp: totp?.confirmedAt ? { confirmedAt: totp.confirmedAt, lastUsedAt: totp.lastUsedAt } : null, recoveryCodes, passkeys }
}

/** An admin removes every second factor of a user (a lost phone): audited under both names. */
export async function resetSecondFactors(db: Database, admin: User, userId: string, context: RequestContext): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = { totp: await deleteTotp(tx, userId), passkeys: await deletePasskeys(tx, userId), recovery_codes: await deleteRecoveryCodes(tx, userId) }
    if (!removed.totp && !removed.passkeys && !removed.recovery_codes) return false
    await audit(tx, { event: 'factor.reset_by_admin', actorUserId: admin.id, subjectUserId: userId, details: removed }, context)
    return true
  })
}
