// Password reset by a mailed link. The request answers the same, and takes about as long,
// whether or not the address belongs to an account: the lookup runs either way, and the link is
// made and mailed in the background. A link goes only to an address its owner proved; it works
// once, for PASSWORD_RESET_TTL. Using it ends every session and revokes every grant (refresh and
// access tokens) of the account, in the transaction that writes the audit row.
import { z } from 'zod'
import type { Database } from '@/db/client'
import { consumeEmailToken, consumeUserEmailTokens, findUsableEmailToken, findUserByEmail } from '@/db/queries/email-tokens'
import { revokeUserGrants } from '@/db/queries/grants'
import { deleteUserSessions } from '@/db/queries/sessions'
import { findUserById, updateUser } from '@/db/queries/users'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { currentTime } from '../clock'
import { config } from '../config'
import { passwordResetMail } from '../mail/templates'
import { sendInBackground, sendMail } from '../mail/transport'
import { startNewRevocationEpoch } from '../oauth/tokens/access-token-status'
import { reserveAttempt } from '../rate-limit'
import { invalidInput, refused, type Result } from '../result'
import { emailSchema, passwordSchema } from './accounts'
import { issueEmailLink, linkTokenHash, mailLimits } from './email-links'
import { hashPassword } from './passwords'
import { isEmailVerified, sameAddress } from './verified-email'

export const recoveryMessages = {
  linkSent: 'If that email belongs to an account with a confirmed address, a reset link is on its way. It works once, for 30 minutes.',
  throttled: 'Too many reset links were asked for. Wait a while and try again.',
  linkInvalid: 'This reset link has expired or was already used. Ask for a new one.',
  passwordSet: 'Your password is set. Every session of your account was signed out and every app\'s refresh tokens were revoked: log in again with the new password.',
} as const

const requestSchema = z.object({ email: emailSchema })

export async function requestPasswordReset(db: Database, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = requestSchema.safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const { email } = parsed.data
  // Counted by the address as typed, so an unknown address is limited exactly like a known one.
  const reservation = await reserveAttempt(db, mailLimits('reset', email.toLowerCase(), context.ip), config().MAIL_RATE_LIMIT_WINDOW)
  if (!reservation.granted) return refused(recoveryMessages.throttled)
  const user = await findUserByEmail(db, email)
  if (user && !user.disabledAt && isEmailVerified(user)) {
    sendInBackground(async () => {
      const url = await issueEmailLink(db, 'password_reset', user.id, user.email)
      await audit(db, { event: 'user.password_reset_requested', subjectUserId: user.id }, context)
      await sendMail(passwordResetMail(user.email, url, config().PASSWORD_RESET_TTL))
    })
  }
  return { ok: true }
}

/** For the page a link opens: whether to show the form at all. */
export async function resetLinkUsable(db: Database, token: unknown, now = currentTime()): Promise<boolean> {
  const hash = linkTokenHash(token)
  if (!hash) return false
  const found = await findUsableEmailToken(db, hash, 'password_reset', now)
  return Boolean(found && !found.user.disabledAt && sameAddress(found.user.email, found.token.email))
}

const resetSchema = z.object({ token: z.string(), newPassword: passwordSchema })

export async function resetPassword(db: Database, input: unknown, context: RequestContext, now = currentTime()): Promise<Result<object>> {
  const parsed = resetSchema.safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const hash = linkTokenHash(parsed.data.token)
  // Checked before the slow hash, so a dead link costs no bcrypt work.
  if (!hash || !(await resetLinkUsable(db, parsed.data.token, now))) return refused(recoveryMessages.linkInvalid)
  const passwordHash = await hashPassword(parsed.data.newPassword) // outside the transaction: bcrypt is slow
  const done = await invalidateAfter(db.transaction(async (tx) => {
    // Taking the link is the single-use check: of two concurrent uses one gets it.
    const link = await consumeEmailToken(tx, hash, 'password_reset', now)
    if (!link) return false
    const user = await findUserById(tx, link.userId)
    if (!user || user.disabledAt || !sameAddress(user.email, link.email)) return false
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: now })
    const sessionsEnded = await deleteUserSessions(tx, user.id)
    await revokeUserGrants(tx, user.id, now)
    await consumeUserEmailTokens(tx, user.id, 'password_reset', now)
    await audit(tx, { event: 'user.password_reset', actorUserId: user.id, details: { via: 'email_link', sessions_ended: sessionsEnded } }, context)
    return true
  }), startNewRevocationEpoch)
  return done ? { ok: true } : refused(recoveryMessages.linkInvalid)
}
