// Mailed single-use links shared by password reset and email verification: a 256-bit random
// token, only its SHA-256 stored, bound to one address and one purpose, with its own expiry;
// and the limits on how many mails a person can make Gatehouse send.
import type { Executor } from '@/db/client'
import { insertEmailToken, type EmailTokenPurpose } from '@/db/queries/email-tokens'
import { currentTime } from '../clock'
import { config } from '../config'
import { randomToken, sha256 } from '../crypto'
import { addressKey, type Limit } from '../rate-limit'

export const LINK_TOKEN_MIN_LENGTH = 40
export const LINK_TOKEN_MAX_LENGTH = 64

const paths: Record<EmailTokenPurpose, string> = { password_reset: '/reset-password', email_verification: '/verify-email' }

/** Stores a new link for `email` and answers its URL (under ISSUER, never a request's host). */
export async function issueEmailLink(db: Executor, purpose: EmailTokenPurpose, userId: string, email: string, now = currentTime()): Promise<string> {
  const settings = config()
  const token = randomToken()
  const ttl = purpose === 'password_reset' ? settings.PASSWORD_RESET_TTL : settings.EMAIL_VERIFICATION_TTL
  await insertEmailToken(db, { tokenHash: sha256(token), purpose, userId, email, expiresAt: new Date(now.getTime() + ttl * 1000), createdAt: now })
  return `${settings.ISSUER}${paths[purpose]}?token=${token}`
}

/** The stored form of a token from a link; null for anything that cannot be one of ours. */
export function linkTokenHash(token: unknown): string | null {
  if (typeof token !== 'string' || token.length < LINK_TOKEN_MIN_LENGTH || token.length > LINK_TOKEN_MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return null
  return sha256(token)
}

/** Mails of one kind per account and per source address, per mail window. */
export function mailLimits(kind: 'reset' | 'verify', account: string, ip: string | null | undefined): Limit[] {
  const settings = config()
  return [
    { key: `mail:${kind}:account:${account}`, max: settings.MAIL_MAX_PER_ACCOUNT },
    { key: `mail:address:${addressKey(ip)}`, max: settings.MAIL_MAX_PER_IP },
  ]
}
