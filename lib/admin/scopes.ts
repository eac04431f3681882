// The scope catalog from /admin: operator scopes (e.g. resources:write) with a description and a
// restricted flag. Built-in OpenID scopes cannot be changed or deleted. Every change drops this
// process's catalog cache; other instances see it within SCOPE_CATALOG_TTL_MS.
import { z } from 'zod'
import type { Database } from '@/db/client'
import { deleteOperatorScope, insertScope, removeScopeEverywhere, updateOperatorScope } from '@/db/queries/admin-scopes'
import { isUniqueViolation } from '@/db/errors'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { invalidateScopeCatalog } from '../oauth/scopes/catalog'
import { isScopeToken } from '../oauth/scopes/syntax'
import { invalidInput, refused, type Result } from '../result'

const nameSchema = z.string().trim().min(1, 'Enter a scope name.').max(64, 'Use at most 64 characters.')
  .refine(isScopeToken, 'Use printable characters without spaces, quotes or backslashes.')
const descriptionSchema = z.string().trim().min(1, 'Enter a description: the consent page shows it.').max(200, 'Use at most 200 characters.')
const scopeSchema = z.object({ name: nameSchema, description: descriptionSchema, restricted: z.boolean() })

export async function addScope(db: Database, actorUserId: string, input: unknown, context: RequestContext): Promise<Result> {
  const parsed = scopeSchema.safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  try {
    await invalidateAfter(db.transaction(async (tx) => {
      await insertScope(tx, parsed.data)
      await audit(tx, { event: 'scope.created', actorUserId, details: { scope: parsed.data.name, restricted: parsed.data.restricted } }, context)
    }), invalidateScopeCatalog)
  } catch (error) {
    if (isUniqueViolation(error)) return refused('That scope already exists.', 'name')
    throw error
  }
  return { ok: true }
}

export async function editScope(db: Database, actorUserId: string, input: unknown, context: RequestContext): Promise<Result> {
  const parsed = scopeSchema.safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const { name, description, restricted } = parsed.data
  const updated = await invalidateAfter(db.transaction(async (tx) => {
    const row = await updateOperatorScope(tx, name, { description, restricted })
    if (row) await audit(tx, { event: 'scope.updated', actorUserId, details: { scope: name, restricted } }, context)
    return row
  }), invalidateScopeCatalog)
  if (!updated) return refused('Only operator scopes can be edited.')
  return { ok: true }
}

/** Deletes an operator scope and takes it out of every client and every user's permissions. */
export async function removeScope(db: Database, actorUserId: string, name: string, context: RequestContext): Promise<Result> {
  const deleted = await invalidateAfter(db.transaction(async (tx) => {
    const row = await deleteOperatorScope(tx, name)
    if (!row) return null
    await removeScopeEverywhere(tx, name)
    await audit(tx, { event: 'scope.deleted', actorUserId, details: { scope: name } }, context)
    return row
  }), invalidateScopeCatalog)
  if (!deleted) return refused('Only operator scopes can be deleted.')
  return { ok: true }
}
