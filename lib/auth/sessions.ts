// Server-side login sessions: the cookie carries only a random token (sealed by iron-session);
// the row holds user, times and user agent, so logout and deletion take effect at once.
import type { Executor } from '@/db/client'
import { deleteSessionByTokenHash, findLiveSession, insertSession, touchSession } from '@/db/queries/sessions'
import type { Session, User } from '@/db/schema'
import type { RequestContext } from '../audit'
import { config } from '../config'
import { randomToken, sha256 } from '../crypto'

const TOUCH_INTERVAL_MS = 5 * 60 * 1000

export interface ValidSession { session: Session; user: User }

export async function createSession(db: Executor, userId: string, context: RequestContext, now = new Date()): Promise<{ token: string; session: Session }> {
  const token = randomToken()
  const session = await insertSession(db, {
    tokenHash: sha256(token),
    userId,
    authTime: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + config().SESSION_TTL * 1000),
    userAgent: context.userAgent?.slice(0, 256) ?? null,
    ip: context.ip?.slice(0, 64) ?? null,
  })
  return { token, session }
}

/** The session a token opens, or null. Never throws on garbage input. */
export async function validateSessionToken(db: Executor, token: unknown, now = new Date()): Promise<ValidSession | null> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 128) return null
  const found = await findLiveSession(db, sha256(token), now)
  if (!found) return null
  // Last-seen is written at most every few minutes: one write per page view would be waste.
  if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await touchSession(db, found.session.id, now)
  return found
}

export async function endSession(db: Executor, token: string): Promise<Session | null> {
  return deleteSessionByTokenHash(db, sha256(token))
}
