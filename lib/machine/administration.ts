// What an administrator manages for machine clients in /admin/machine-clients: initial access
// tokens for registration (RFC 7591 §3), verifying self-registered clients, and the protected
// resources tokens may be issued for (RFC 8707) with their scopes.
import type { Database } from '@/db/client'
import { findClientById } from '@/db/queries/clients'
import {
  deleteProtectedResource, findClientRegistration, insertInitialAccessToken, revokeInitialAccessToken, updateClientRegistration,
  upsertProtectedResource,
} from '@/db/queries/machine-clients'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { currentTime } from '../clock'
import { randomToken, sha256 } from '../crypto'
import { messages } from '../messages'
import { listScopes } from '../oauth/scopes/catalog'
import { refused, type Result } from '../result'
import { hasInvisibleCharacter } from '../text'
import { invalidateResources, resourceIdentifierProblem } from './resources'

export const MAX_LABEL_LENGTH = 100

/** A new initial access token, shown this once; only its hash is kept. */
export async function issueInitialAccessToken(db: Database, actorUserId: string, label: string, validDays: number | null, context: RequestContext): Promise<Result<{ token: string }>> {
  const name = label.trim()
  if (!name || name.length > MAX_LABEL_LENGTH || hasInvisibleCharacter(name)) return refused(`Enter a label of at most ${MAX_LABEL_LENGTH} characters.`, 'label')
  if (validDays !== null && !(Number.isInteger(validDays) && validDays >= 1 && validDays <= 365)) return refused('Choose between 1 and 365 days, or none.', 'validDays')
  const token = randomToken()
  const now = currentTime()
  await db.transaction(async (tx) => {
    const row = await insertInitialAccessToken(tx, {
      tokenHash: sha256(token), label: name, createdBy: actorUserId,
      expiresAt: validDays === null ? null : new Date(now.getTime() + validDays * 86_400_000), createdAt: now,
    })
    await audit(tx, { event: 'initial_access_token.issued', actorUserId, details: { id: row.id, label: name } }, context)
  })
  return { ok: true, token }
}

export async function revokeInitialAccess(db: Database, actorUserId: string, id: string, context: RequestContext): Promise<Result> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return refused('No such token.')
  return db.transaction(async (tx): Promise<Result> => {
    const row = await revokeInitialAccessToken(tx, id, currentTime())
    if (!row) return refused('No such token, or it is revoked already.')
    await audit(tx, { event: 'initial_access_token.revoked', actorUserId, details: { id, label: row.label } }, context)
    return { ok: true }
  })
}

/** An administrator vouches for a self-registered client: consent stops calling it unverified. */
export async function setClientVerified(db: Database, actorUserId: string, clientId: string, verified: boolean, context: RequestContext): Promise<Result> {
  return db.transaction(async (tx): Promise<Result> => {
    const client = await findClientById(tx, clientId)
    const registration = client ? await findClientRegistration(tx, clientId) : null
    if (!client || !registration) return refused(messages.noSuchClient)
    await updateClientRegistration(tx, clientId, verified ? { verifiedAt: currentTime(), verifiedBy: actorUserId } : { verifiedAt: null, verifiedBy: null })
    await audit(tx, { event: 'client.verified', actorUserId, clientId, details: { verified } }, context)
    return { ok: true }
  })
}

/** Adds or replaces a protected resource; its scopes must be in the catalog. */
export async function saveProtectedResource(db: Database, actorUserId: string, input: { uri: string; name: string; scopes: string[] }, context: RequestContext): Promise<Result> {
  const uri = input.uri.trim()
  const problem = resourceIdentifierProblem(uri)
  if (problem) return refused(problem, 'uri')
  const name = input.name.trim()
  if (!name || name.length > MAX_LABEL_LENGTH || hasInvisibleCharacter(name)) return refused(`Enter a name of at most ${MAX_LABEL_LENGTH} characters.`, 'name')
  const catalog = new Set((await listScopes(db)).map((scope) => scope.name))
  const scopes = [...new Set(input.scopes.map((scope) => scope.trim()).filter(Boolean))]
  const unknown = scopes.find((scope) => !catalog.has(scope))
  if (unknown !== undefined) return refused(`Unknown scope: ${unknown.slice(0, 40)}.`, 'scopes')
  await invalidateAfter(db.transaction(async (tx) => {
    await upsertProtectedResource(tx, { uri, name, scopes })
    await audit(tx, { event: 'resource.saved', actorUserId, details: { uri, scopes } }, context)
  }), invalidateResources)
  return { ok: true }
}

export async function removeProtectedResource(db: Database, actorUserId: string, uri: string, context: RequestContext): Promise<Result> {
  return invalidateAfter(db.transaction(async (tx): Promise<Result> => {
    if (!(await deleteProtectedResource(tx, uri))) return refused('No such resource.')
    await audit(tx, { event: 'resource.deleted', actorUserId, details: { uri } }, context)
    return { ok: true }
  }), invalidateResources)
}
