// "Connected apps" on /account: every client a user authorized, and Revoke, which takes back the
// consent and every grant of that user to that client (OAuth 2.1 §7.9: resource owners SHOULD be
// able to view and revoke granted clients; revoking consent kills the whole refresh-token family).
import type { Database } from '@/db/client'
import { listConsentedClients, listLiveGrantClients } from '@/db/queries/connected-apps'
import { deleteConsent } from '@/db/queries/consents'
import { revokeUserClientGrants } from '@/db/queries/grants'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { startNewRevocationEpoch } from './tokens/access-token-status'
import { currentTime } from '../clock'

export interface ConnectedApp {
  clientId: string
  clientName: string
  scopes: string[]
  /** When the user first authorized it. */
  authorizedAt: Date
  /** The latest consent or grant. */
  lastAuthorizedAt: Date
}

/** Consents and live grants merged per client, most recently authorized first. */
export async function listConnectedApps(db: Database, userId: string, now = currentTime()): Promise<ConnectedApp[]> {
  const [consented, granted] = await Promise.all([listConsentedClients(db, userId), listLiveGrantClients(db, userId, now)])
  const byClient = new Map<string, ConnectedApp>()
  const merge = (clientId: string, clientName: string, scopes: string[], first: Date, last: Date) => {
    const known = byClient.get(clientId)
    if (!known) {
      byClient.set(clientId, { clientId, clientName, scopes: [...new Set(scopes)], authorizedAt: first, lastAuthorizedAt: last })
      return
    }
    known.scopes = [...new Set([...known.scopes, ...scopes])]
    if (first < known.authorizedAt) known.authorizedAt = first
    if (last > known.lastAuthorizedAt) known.lastAuthorizedAt = last
  }
  for (const row of consented) merge(row.clientId, row.clientName, row.scopes, row.createdAt, row.updatedAt)
  for (const row of granted) merge(row.clientId, row.clientName, row.scope.split(' ').filter(Boolean), row.firstAt, row.lastAt)
  return [...byClient.values()].sort((a, b) => b.lastAuthorizedAt.getTime() - a.lastAuthorizedAt.getTime() || a.clientName.localeCompare(b.clientName))
}

/**
 * Removes the user's consent for the client and revokes every grant of that user to it: refresh
 * tokens die, access tokens are marked revoked by jti. Scoped by `userId` in every query, so a
 * client id from a form can only ever reach the caller's own authorizations.
 * @returns false when there was nothing to revoke
 */
export async function revokeConnectedApp(db: Database, userId: string, clientId: string, context: RequestContext, now = currentTime()): Promise<boolean> {
  return invalidateAfter(db.transaction(async (tx) => {
    const hadConsent = await deleteConsent(tx, userId, clientId)
    const grantsRevoked = await revokeUserClientGrants(tx, userId, clientId, now)
    if (!hadConsent && grantsRevoked === 0) return false
    await audit(tx, { event: 'consent.revoked', actorUserId: userId, clientId, details: { grants_revoked: grantsRevoked } }, context)
    return true
  }), startNewRevocationEpoch)
}
