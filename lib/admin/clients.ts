// What only an admin may change on a client: the password grant (RFC 9700 §2.4), first-party
// (skips consent), and disabling it. Disabling also revokes every grant and token it holds,
// so an access token it already has stops working at once.
import type { Database } from '@/db/client'
import { listAllClients, revokeClientGrants, updateClientAsAdmin, type AdminClientChanges, type AdminClientRow } from '@/db/queries/admin-clients'
import { findClientById } from '@/db/queries/clients'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { pageNumber } from '../page-number'
import { invalidateClient } from '../clients/cache'
import { messages } from '../messages'
import { startNewRevocationEpoch } from '../oauth/tokens/access-token-status'
import { refused, type Result } from '../result'
import { currentTime } from '../clock'

export const CLIENTS_PER_PAGE = 25

export type ClientSetting = 'password_grant' | 'first_party' | 'enabled'

export async function listClientsForAdmin(db: Database, page: number): Promise<{ rows: AdminClientRow[]; total: number; page: number; pages: number }> {
  const safePage = pageNumber(page)
  const result = await listAllClients(db, CLIENTS_PER_PAGE, (safePage - 1) * CLIENTS_PER_PAGE)
  return { ...result, page: safePage, pages: Math.max(1, Math.ceil(result.total / CLIENTS_PER_PAGE)) }
}

export async function setClientSetting(db: Database, actorUserId: string, clientId: string, setting: ClientSetting, value: boolean, context: RequestContext, now = currentTime()): Promise<Result> {
  const changes: AdminClientChanges =
    setting === 'password_grant' ? { passwordGrantEnabled: value }
      : setting === 'first_party' ? { firstParty: value }
        : { disabledAt: value ? null : now }
  return invalidateAfter(db.transaction(async (tx): Promise<Result> => {
    const existing = await findClientById(tx, clientId)
    if (!existing) return refused(messages.noSuchClient)
    await updateClientAsAdmin(tx, clientId, setting === 'enabled' && !value ? { disabledAt: existing.disabledAt ?? now } : changes)
    // Disabling the client ends every grant; turning the password grant off ends the grants it made.
    const revoked = value ? 0
      : setting === 'enabled' ? await revokeClientGrants(tx, clientId, now)
        : setting === 'password_grant' ? await revokeClientGrants(tx, clientId, now, 'password') : 0
    await audit(tx, {
      event: 'client.updated', actorUserId, subjectUserId: existing.ownerId, clientId,
      details: { by: 'admin', setting, value, ...(revoked ? { grants_revoked: revoked } : {}) },
    }, context)
    return { ok: true }
  }), () => invalidateClient(clientId), startNewRevocationEpoch) // other instances within CLIENT_CACHE_TTL_MS
}
