// Permission levels: a user holds restricted scopes; `admin` is the isAdmin flag, the
// rest live in users.permissions. A token's scope = requested ∩ client's ∩ the user's
// (lib/oauth/scopes/policy.ts): holding a permission here is what lets a token carry it.
import type { Database } from '@/db/client'
import { countOtherActiveAdmins } from '@/db/queries/admin-users'
import { findUserById, updateUser } from '@/db/queries/users'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { messages } from '../messages'
import { listScopes } from '../oauth/scopes/catalog'
import { refused, type Result } from '../result'

export const ADMIN_PERMISSION = 'admin'

/** The restricted scopes a user may be given, plus `admin`. */
export async function assignablePermissions(db: Database): Promise<string[]> {
  const restricted = (await listScopes(db)).filter((scope) => scope.restricted && scope.name !== ADMIN_PERMISSION).map((scope) => scope.name)
  return [ADMIN_PERMISSION, ...restricted]
}

export function heldPermissions(user: User): string[] {
  return user.isAdmin ? [ADMIN_PERMISSION, ...user.permissions] : [...user.permissions]
}

/**
 * Replaces what a user holds with `wanted`. Unknown names are refused, and so is taking `admin`
 * from the last active admin (nobody could manage Gatehouse any more). `actorUserId` is null when
 * the change comes from the shell.
 */
export async function setPermissions(db: Database, userId: string, wanted: readonly string[], actorUserId: string | null, context: RequestContext = {}): Promise<Result<{ user: User }>> {
  const allowed = await assignablePermissions(db)
  const unknown = wanted.filter((name) => !allowed.includes(name))
  if (unknown.length) return refused(`Not a restricted scope: ${unknown.join(', ')}. Add it to the scope catalog as restricted first.`)
  return db.transaction(async (tx): Promise<Result<{ user: User }>> => {
    const user = await findUserById(tx, userId)
    if (!user) return refused(messages.noSuchUser)
    const isAdmin = wanted.includes(ADMIN_PERMISSION)
    if (user.isAdmin && !isAdmin && (await countOtherActiveAdmins(tx, user.id)) === 0) {
      return refused(`${messages.lastActiveAdmin.slice(0, -1)}: make someone else admin first.`)
    }
    const permissions = [...new Set(wanted.filter((name) => name !== ADMIN_PERMISSION))].sort()
    const before = heldPermissions(user)
    await updateUser(tx, user.id, { isAdmin, permissions })
    const after = isAdmin ? [ADMIN_PERMISSION, ...permissions] : permissions
    await audit(tx, {
      event: 'user.permissions_changed', actorUserId, subjectUserId: user.id,
      details: { added: after.filter((name) => !before.includes(name)), removed: before.filter((name) => !after.includes(name)), ...(actorUserId ? {} : { via: 'cli' }) },
    }, context)
    return { ok: true, user: { ...user, isAdmin, permissions } }
  })
}

export async function grantPermissions(db: Database, user: User, names: readonly string[], actorUserId: string | null, context: RequestContext = {}): Promise<Result<{ user: User }>> {
  return setPermissions(db, user.id, [...new Set([...heldPermissions(user), ...names])], actorUserId, context)
}

export async function revokePermissions(db: Database, user: User, names: readonly string[], actorUserId: string | null, context: RequestContext = {}): Promise<Result<{ user: User }>> {
  return setPermissions(db, user.id, heldPermissions(user).filter((name) => !names.includes(name)), actorUserId, context)
}
