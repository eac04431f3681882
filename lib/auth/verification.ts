// Email verification: a link mailed after sign-up and after an email change proves the address.
// A change takes effect only once the new address is proved (until then the account keeps, and
// relying parties see, the old one), and the old address is told, when it was proved itself:
// Gatehouse mails only addresses their owner proved, except the verification mail itself.
import type { Database } from '@/db/client'
import { isUniqueViolation } from '@/db/errors'
import { consumeEmailToken, consumeUserEmailTokens, findPendingVerification, findUsableEmailToken } from '@/db/queries/email-tokens'
import { findUserById, updateUser, usernameOrEmailTaken } from '@/db/queries/users'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { currentTime } from '../clock'
import { config } from '../config'
import { messages } from '../messages'
import { emailChangeNotice, verificationMail } from '../mail/templates'
import { sendInBackground, sendMail } from '../mail/transport'
import { reserveAttempt } from '../rate-limit'
import { refused, type Result } from '../result'
import { issueEmailLink, linkTokenHash, mailLimits } from './email-links'
import { isEmailVerified, sameAddress } from './verified-email'

/** Where the email policy sends a user whose address is not confirmed yet. */
export const EMAIL_CONFIRMATION_URL = '/account?confirm_email=1'

export const verificationMessages = {
  throttled: 'Too many confirmation mails were sent. Wait a while and try again.',
  alreadyVerified: 'Your email address is already confirmed.',
  sameAddress: 'That is already your email address.',
  required: 'An administrator requires a confirmed email address before you approve any application. Follow the link we mailed you (or send a new one below), then go back to the application.',
  linkInvalid: 'This confirmation link has expired or was already used. Sign in and send a new one from your account page.',
} as const

/** Mails a link proving `email` for the user, in the background. */
function mailVerificationLink(db: Database, user: User, email: string): void {
  sendInBackground(async () => {
    const url = await issueEmailLink(db, 'email_verification', user.id, email)
    await sendMail(verificationMail(email, url, config().EMAIL_VERIFICATION_TTL))
    // The old address hears of a change only when it was proved (never mail an unproved address).
    if (!sameAddress(email, user.email) && isEmailVerified(user)) await sendMail(emailChangeNotice(user.email, email))
  })
}

/** After sign-up: the first link, not counted against the limits (sign-up has its own checks). */
export function startEmailVerification(db: Database, user: User): void {
  mailVerificationLink(db, user, user.email)
}

async function withinLimits(db: Database, user: User, context: RequestContext): Promise<boolean> {
  const reservation = await reserveAttempt(db, mailLimits('verify', user.id, context.ip), config().MAIL_RATE_LIMIT_WINDOW)
  return reservation.granted
}

/** An email change (the address already validated and checked free): mails a link to the new
 * address; the account keeps its current address until the link is followed. */
export async function requestEmailChange(db: Database, user: User, email: string, context: RequestContext): Promise<Result<{ pending: boolean }>> {
  if (sameAddress(email, user.email)) {
    if (isEmailVerified(user)) return refused(verificationMessages.sameAddress, 'email')
    const resent = await resendVerification(db, user, context, email)
    return resent.ok ? { ok: true, pending: false } : resent
  }
  if (!(await withinLimits(db, user, context))) return refused(verificationMessages.throttled, 'email')
  await audit(db, { event: 'user.email_change_requested', actorUserId: user.id }, context)
  mailVerificationLink(db, user, email)
  return { ok: true, pending: true }
}

/** The address waiting to be proved: a pending change, else the current one if unproved. */
export async function addressToVerify(db: Database, user: User, now = currentTime()): Promise<{ email: string; change: boolean } | null> {
  const pending = await findPendingVerification(db, user.id, now)
  if (pending && !sameAddress(pending.email, user.email)) return { email: pending.email, change: true }
  return isEmailVerified(user) ? null : { email: user.email, change: false }
}

/** The account page's resend button (or a change back to the current, unproved address). */
export async function resendVerification(db: Database, user: User, context: RequestContext, email?: string): Promise<Result<{ email: string }>> {
  const target = email ?? (await addressToVerify(db, user))?.email
  if (!target) return refused(verificationMessages.alreadyVerified)
  if (!(await withinLimits(db, user, context))) return refused(verificationMessages.throttled)
  mailVerificationLink(db, user, target)
  return { ok: true, email: target }
}

/** For the page a link opens: the address it proves, or null when it no longer works. */
export async function verificationLinkAddress(db: Database, token: unknown, now = currentTime()): Promise<string | null> {
  const hash = linkTokenHash(token)
  if (!hash) return null
  const found = await findUsableEmailToken(db, hash, 'email_verification', now)
  return found && !found.user.disabledAt ? found.token.email : null
}

/** Following the link (a button on its page, so that mail scanners fetching it prove nothing). */
export async function confirmEmail(db: Database, token: unknown, context: RequestContext, now = currentTime()): Promise<Result<{ email: string }>> {
  const hash = linkTokenHash(token)
  if (!hash) return refused(verificationMessages.linkInvalid)
  try {
    return await db.transaction(async (tx) => {
      const link = await consumeEmailToken(tx, hash, 'email_verification', now)
      const user = link ? await findUserById(tx, link.userId) : null
      if (!link || !user || user.disabledAt) return refused(verificationMessages.linkInvalid)
      const change = !sameAddress(link.email, user.email)
      if (change && (await usernameOrEmailTaken(tx, 'email', link.email, user.id))) return refused(messages.emailTaken)
      await updateUser(tx, user.id, { email: link.email, verifiedEmail: link.email })
      // One proof settles the account's address: other links in flight are void.
      await consumeUserEmailTokens(tx, user.id, 'email_verification', now)
      if (change) await audit(tx, { event: 'user.email_changed', actorUserId: user.id }, context)
      await audit(tx, { event: 'user.email_verified', actorUserId: user.id }, context)
      return { ok: true as const, email: link.email }
    })
  } catch (error) {
    // Someone registered the address between the check and the update: the unique index decided.
    if (isUniqueViolation(error)) return refused(messages.emailTaken)
    throw error
  }
}
