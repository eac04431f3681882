// Whether a client is "unverified": it registered itself (RFC 7591, or a client ID metadata
// document) and no administrator has vouched for it yet. The consent page says so, and unless
// UNVERIFIED_CLIENTS_RESTRICTED_SCOPES allows it such a client cannot hold restricted scopes
// (OAuth 2.1 §7.9, consent phishing).
import type { Executor } from '@/db/client'
import { findClientRegistration } from '@/db/queries/machine-clients'
import { config } from '../config'
import { listScopes } from '../oauth/scopes/catalog'
import { OAuthError } from '../oauth/errors'

export interface ClientTrust { selfRegistered: boolean; verified: boolean; source: 'registration' | 'metadata_document' | null }

export async function clientTrust(db: Executor, clientId: string): Promise<ClientTrust> {
  const registration = await findClientRegistration(db, clientId)
  if (!registration) return { selfRegistered: false, verified: true, source: null }
  return { selfRegistered: true, verified: registration.verifiedAt !== null, source: registration.source }
}

/** invalid_client_metadata when an unverified client asks for a restricted scope and policy forbids it. */
export async function checkUnverifiedScopes(db: Executor, scopes: readonly string[], verified: boolean): Promise<void> {
  if (verified || config().UNVERIFIED_CLIENTS_RESTRICTED_SCOPES) return
  const restricted = (await listScopes(db)).filter((scope) => scope.restricted).map((scope) => scope.name)
  const asked = scopes.find((scope) => restricted.includes(scope))
  if (asked !== undefined) throw new OAuthError('invalid_client_metadata', `scope: ${asked.slice(0, 40)} is restricted, and an unverified client cannot request it`)
}
