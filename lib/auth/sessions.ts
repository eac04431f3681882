// Server-side login sessions: the cookie carries only a random token (sealed by iron-session);
// the row holds user, times and user agent, so logout and deletion take effect at once.
import type { Database, Executor } from '@/db/client'
import { deleteSessionById, deleteSessionByTokenHash, deleteUserSessions, findLiveSession, insertSession, touchSession } from '@/db/queries/sessions'
import type { Session, User } from '@/db/schema'
import { audit, type AuditEntry, type RequestContext } from '../audit'
import { currentTime } from '../clock'
import { config } from '../config'
import { randomToken, sha256 } from '../crypto'

const TOUCH_INTERVAL_MS = 5 * 60 * 1000

export interface ValidSession { session: Session; user: User }

/** `amr`: how the user signed in (RFC 8176 method values), carried into ID tokens. */
export async function createSession(db: Executor, userId: string, context: RequestContext, now = currentTime(), amr: string[] = ['pwd']): Promise<{ token: string; session: Session }> {
  const token = randomToken()
  const session = await insertSession(db, {
    tokenHash: sha256(token),
    userId,
    authTime: now,
    amr,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + config().SESSION_TTL * 1000),
    userAgent: context.userAgent?.slice(0, 256) ?? null,
    ip: context.ip?.slice(0, 64) ?? null,
  })
  return { token, session }
}

/** The session a token opens, or null. Never throws on garbage input. */
export async function validateSessionToken(db: Executor, token: unknown, now = currentTime()): Promise<ValidSession | null> {
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

// Every deletion below commits together with its audit row: both happen or neither.

/** Logout: ends the session a token opens and records it. Null when there was none. */
export async function logOut(db: Database, token: string, context: RequestContext, entry: Pick<AuditEntry, 'clientId' | 'details'> = {}): Promise<Session | null> {
  return db.transaction(async (tx) => {
    const ended = await endSession(tx, token)
    if (ended) await audit(tx, { event: 'user.logged_out', actorUserId: ended.userId, ...entry }, context)
    return ended
  })
}

/** Ends one of the user's own sessions. False when it is not theirs or already gone. */
export async function signOutSession(db: Database, userId: string, sessionId: string, context: RequestContext): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await deleteSessionById(tx, userId, sessionId))) return false
    await audit(tx, { event: 'user.session_revoked', actorUserId: userId }, context)
    return true
  })
}

/** Ends every session of the user; returns how many. */
export async function signOutEverywhere(db: Database, userId: string, context: RequestContext): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await deleteUserSessions(tx, userId)
    await audit(tx, { event: 'user.sessions_revoked', actorUserId: userId, details: { sessions_ended: ended } }, context)
    return ended
  })
}
