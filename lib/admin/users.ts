// Managing other people's accounts from /admin: search, disable (which ends their sessions and
// revokes their grants and tokens in the same transaction), enable, delete.
import type { Database } from '@/db/client'
import { countOtherActiveAdmins, searchUsers, type UserPage } from '@/db/queries/admin-users'
import { revokeUserGrants } from '@/db/queries/grants'
import { deleteUserSessions } from '@/db/queries/sessions'
import { deleteUser, findUserById, updateUser } from '@/db/queries/users'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { messages } from '../messages'
import { startNewRevocationEpoch } from '../oauth/tokens/access-token-status'
import { refused, type Result } from '../result'
import { currentTime } from '../clock'
import { pageNumber } from '../page-number'
import { withoutControlCharacters } from '../text'

export const USERS_PER_PAGE = 25

export async function listUsers(db: Database, search: string, page: number): Promise<UserPage & { page: number; pages: number }> {
  const safePage = pageNumber(page)
  const result = await searchUsers(db, withoutControlCharacters(search).trim().slice(0, 254), USERS_PER_PAGE, (safePage - 1) * USERS_PER_PAGE)
  return { ...result, page: safePage, pages: Math.max(1, Math.ceil(result.total / USERS_PER_PAGE)) }
}

/** Disabling takes effect at once: sessions end, and every grant, refresh and access token is revoked. */
export async function disableUser(db: Database, actorUserId: string, userId: string, context: RequestContext, now = currentTime()): Promise<Result> {
  if (actorUserId === userId) return refused('You cannot disable your own account.')
  return invalidateAfter(db.transaction(async (tx): Promise<Result> => {
    const user = await findUserById(tx, userId)
    if (!user) return refused(messages.noSuchUser)
    if (user.isAdmin && (await countOtherActiveAdmins(tx, user.id)) === 0) return refused(messages.lastActiveAdmin)
    await updateUser(tx, user.id, { disabledAt: user.disabledAt ?? now })
    const sessionsEnded = await deleteUserSessions(tx, user.id)
    await revokeUserGrants(tx, user.id, now)
    await audit(tx, { event: 'user.disabled', actorUserId, subjectUserId: user.id, details: { sessions_ended: sessionsEnded } }, context)
    return { ok: true }
  }), startNewRevocationEpoch)
}

export async function enableUser(db: Database, actorUserId: string, userId: string, context: RequestContext): Promise<Result> {
  return invalidateAfter(db.transaction(async (tx): Promise<Result> => {
    const user = await findUserById(tx, userId)
    if (!user) return refused(messages.noSuchUser)
    await updateUser(tx, user.id, { disabledAt: null })
    await audit(tx, { event: 'user.enabled', actorUserId, subjectUserId: user.id }, context)
    return { ok: true }
  }), startNewRevocationEpoch)
}

/** Deletes the account; sessions, clients, grants and tokens go with it (ON DELETE CASCADE). */
export async function deleteUserAsAdmin(db: Database, actorUserId: string, userId: string, context: RequestContext): Promise<Result> {
  if (actorUserId === userId) return refused('Delete your own account from /account.')
  return invalidateAfter(db.transaction(async (tx): Promise<Result> => {
    const user = await findUserById(tx, userId)
    if (!user) return refused(messages.noSuchUser)
    if (user.isAdmin && (await countOtherActiveAdmins(tx, user.id)) === 0) return refused(messages.lastActiveAdmin)
    await deleteUser(tx, user.id)
    await audit(tx, { event: 'user.deleted', actorUserId, subjectUserId: user.id, details: { username: user.username, by: 'admin' } }, context)
    return { ok: true }
  }), startNewRevocationEpoch)
}
