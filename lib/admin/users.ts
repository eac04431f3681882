// Managing other people's accounts from /admin: search, disable (which ends their sessions and
// revokes their grants and tokens in the same transaction), enable, delete.
import type { Database } from '@/db/client'
import { countOtherActiveAdmins, searchUsers, type UserPage } from '@/db/queries/admin-users'
import { revokeUserGrants } from '@/db/queries/grants'
import { deleteUserSessions } from '@/db/queries/sessions'
import { deleteUser, findUserById, updateUser } from '@/db/queries/users'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { startNewRevocationEpoch } from '../oauth/token-status'

export const USERS_PER_PAGE = 25

export type AdminResult = { ok: true } | { ok: false; error: string }

export async function listUsers(db: Database, search: string, page: number): Promise<UserPage & { page: number; pages: number }> {
  const safePage = Math.max(1, Math.floor(page) || 1)
  const result = await searchUsers(db, search.trim().slice(0, 254), USERS_PER_PAGE, (safePage - 1) * USERS_PER_PAGE)
  return { ...result, page: safePage, pages: Math.max(1, Math.ceil(result.total / USERS_PER_PAGE)) }
}

/** Disabling takes effect at once: sessions end, and every grant, refresh and access token is revoked. */
export async function disableUser(db: Database, actorUserId: string, userId: string, context: RequestContext, now = new Date()): Promise<AdminResult> {
  if (actorUserId === userId) return { ok: false, error: 'You cannot disable your own account.' }
  return invalidateAfter(db.transaction(async (tx): Promise<AdminResult> => {
    const user = await findUserById(tx, userId)
    if (!user) return { ok: false, error: 'No such user.' }
    if (user.isAdmin && (await countOtherActiveAdmins(tx, user.id)) === 0) return { ok: false, error: 'This is the last active admin.' }
    await updateUser(tx, user.id, { disabledAt: user.disabledAt ?? now })
    const sessionsEnded = await deleteUserSessions(tx, user.id)
    await revokeUserGrants(tx, user.id, now)
    await audit(tx, { event: 'user.disabled', actorUserId, subjectUserId: user.id, details: { sessions_ended: sessionsEnded } }, context)
    return { ok: true }
  }), startNewRevocationEpoch)
}

export async function enableUser(db: Database, actorUserId: string, userId: string, context: RequestContext): Promise<AdminResult> {
  return invalidateAfter(db.transaction(async (tx): Promise<AdminResult> => {
    const user = await findUserById(tx, userId)
    if (!user) return { ok: false, error: 'No such user.' }
    await updateUser(tx, user.id, { disabledAt: null })
    await audit(tx, { event: 'user.enabled', actorUserId, subjectUserId: user.id }, context)
    return { ok: true }
  }), startNewRevocationEpoch)
}

/** Deletes the account; sessions, clients, grants and tokens go with it (ON DELETE CASCADE). */
export async function deleteUserAsAdmin(db: Database, actorUserId: string, userId: string, context: RequestContext): Promise<AdminResult> {
  if (actorUserId === userId) return { ok: false, error: 'Delete your own account from /account.' }
  return invalidateAfter(db.transaction(async (tx): Promise<AdminResult> => {
    const user = await findUserById(tx, userId)
    if (!user) return { ok: false, error: 'No such user.' }
    if (user.isAdmin && (await countOtherActiveAdmins(tx, user.id)) === 0) return { ok: false, error: 'This is the last active admin.' }
    await deleteUser(tx, user.id)
    await audit(tx, { event: 'user.deleted', actorUserId, subjectUserId: user.id, details: { username: user.username, by: 'admin' } }, context)
    return { ok: true }
  }), startNewRevocationEpoch)
}
