// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): a client_id that
// is an https URL names a JSON document describing the client. Gatehouse fetches it on first use
// (lib/machine/document-fetch.ts guards the fetch), validates it strictly — its client_id must be
// its own URL, redirect URIs come from it only, and it describes a public client — and keeps it
// as a client row, refetched when its HTTP cache lifetime runs out. Such clients are
// self-registered: "unverified" until an administrator verifies them.
import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import type { Database } from '@/db/client'
import { findClientById } from '@/db/queries/clients'
import { findClientRegistration, insertClientRegistration, updateClientRegistration } from '@/db/queries/machine-clients'
import type { Client } from '@/db/schema'
import { createClient, updateAnyClient } from '../clients/registry'
import { currentTime } from '../clock'
import { config } from '../config'
import { log } from '../log'
import { OAuthError } from '../oauth/errors'
import { DocumentFetchError, documentUrlProblem, fetchDocument } from './document-fetch'
import { parseClientMetadata, registryInputOf } from './registration'
import { checkUnverifiedScopes } from './trust'

/** Cache lifetime bounds: at least a minute (a document cannot make every request a fetch), at most a day. */
export const MIN_DOCUMENT_TTL_SECONDS = 60
export const MAX_DOCUMENT_TTL_SECONDS = 86_400
const DEFAULT_DOCUMENT_TTL_SECONDS = 3600

/** True when a client_id is meant as a metadata document URL: https with a path (the draft's §3). */
export function isMetadataDocumentClientId(clientId: string): boolean {
  if (!clientId.startsWith('https://') || clientId.length > 2000) return false
  try {
    return new URL(clientId).pathname.length > 1
  } catch {
    return false
  }
}

/** Seconds the document may be used for, from its Cache-Control (RFC 9111 §5.2.2), bounded. */
export function documentLifetime(cacheControl: string | null): number {
  const directives = (cacheControl ?? '').toLowerCase().split(',').map((part) => part.trim())
  if (directives.includes('no-store') || directives.includes('no-cache')) return MIN_DOCUMENT_TTL_SECONDS
  const maxAge = directives.map((directive) => /^max-age=(\d+)$/.exec(directive)?.[1]).find((value) => value !== undefined)
  const seconds = maxAge === undefined ? DEFAULT_DOCUMENT_TTL_SECONDS : Number(maxAge)
  return Math.min(MAX_DOCUMENT_TTL_SECONDS, Math.max(MIN_DOCUMENT_TTL_SECONDS, seconds))
}

let extraCertificates: { file: string; authorities: string[] } | null = null
/** The system authorities plus CIMD_CA_FILE's: a `ca` option replaces Node's defaults, so both are passed. */
export function trustedCertificates(): string[] | undefined {
  const file = config().CIMD_CA_FILE
  if (!file) return undefined
  if (extraCertificates?.file !== file) extraCertificates = { file, authorities: [...rootCertificates, readFileSync(file, 'utf8')] }
  return extraCertificates.authorities
}

/** The document's metadata as the registry's input, after the draft's own rules. */
async function documentInput(db: Database, clientId: string, body: string): Promise<Record<string, unknown>> {
  let document: unknown
  try {
    document = JSON.parse(body)
  } catch {
    throw new DocumentFetchError('document is not JSON')
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new DocumentFetchError('document is not a JSON object')
  const fields = document as Record<string, unknown>
  if (fields.client_id !== clientId) throw new DocumentFetchError('document client_id is not its URL')
  // A document is public: anyone can read it, so it cannot carry or imply a shared secret.
  if (fields.client_secret !== undefined || fields.client_secret_expires_at !== undefined) throw new DocumentFetchError('document carries a secret')
  const method = fields.token_endpoint_auth_method ?? 'none'
  if (method !== 'none') throw new DocumentFetchError('document asks for a secret-based authentication method')
  let metadata
  try {
    metadata = parseClientMetadata(fields)
  } catch (error) {
    throw new DocumentFetchError(error instanceof OAuthError ? error.description : 'document metadata is malformed')
  }
  if (!metadata.redirect_uris?.length) throw new DocumentFetchError('document has no redirect_uris')
  const input = await registryInputOf(db, { ...metadata, token_endpoint_auth_method: 'none' })
  return input
}

// Concurrent uses in one process share one lookup, so a burst of authorization requests for a
// new or expired document is one fetch, not one per request. Entries leave when they settle.
const lookups = new Map<string, Promise<Client | null>>()

/**
 * The client a metadata document URL names: from the database while its document is fresh,
 * otherwise fetched (again). Null when it cannot be used (the reason is logged, not shown: it
 * would tell an attacker what the fetch reached).
 */
export function metadataDocumentClient(db: Database, clientId: string, now = currentTime()): Promise<Client | null> {
  const pending = lookups.get(clientId)
  if (pending) return pending
  const lookup = loadMetadataDocumentClient(db, clientId, now).finally(() => lookups.delete(clientId))
  lookups.set(clientId, lookup)
  return lookup
}

/** One lookup, uncoalesced; another instance may run the same one at the same time. */
export async function loadMetadataDocumentClient(db: Database, clientId: string, now = currentTime()): Promise<Client | null> {
  if (!isMetadataDocumentClientId(clientId) || documentUrlProblem(clientId)) return null
  const [existing, registration] = await Promise.all([findClientById(db, clientId), findClientRegistration(db, clientId)])
  if (existing && registration?.source !== 'metadata_document') return null
  if (existing && registration?.documentExpiresAt && registration.documentExpiresAt > now) return existing
  const settings = config()
  try {
    const fetched = await fetchDocument(clientId, { timeoutMs: settings.CIMD_FETCH_TIMEOUT_MS, allowLoopback: settings.CIMD_ALLOW_LOOPBACK, ca: trustedCertificates() })
    const input = await documentInput(db, clientId, fetched.body)
    await checkUnverifiedScopes(db, input.scopes as string[], registration?.verifiedAt != null)
    const documentExpiresAt = new Date(now.getTime() + documentLifetime(fetched.cacheControl) * 1000)
    if (existing) {
      const updated = await updateAnyClient(db, null, clientId, input, {})
      if (!updated?.ok) throw new DocumentFetchError(`document refused: ${updated ? Object.values(updated.errors).join(' ') : 'client gone'}`)
      await updateClientRegistration(db, clientId, { documentExpiresAt })
      return updated.client
    }
    const created = await createClient(db, null, input, {}, {
      id: clientId,
      actorUserId: null,
      afterInsert: (tx, client) => insertClientRegistration(tx, { clientId: client.id, source: 'metadata_document', documentExpiresAt }),
      auditDetails: { via: 'metadata_document' },
    })
    if (!created.ok) throw new DocumentFetchError(`document refused: ${Object.values(created.errors).join(' ')}`)
    return created.client
  } catch (error) {
    if (error instanceof DocumentFetchError || error instanceof OAuthError) {
      log.info('client metadata document refused', { reason: error instanceof OAuthError ? error.description : error.message })
      return null
    }
    // Two first uses at once: the other one created the row.
    const raced = await findClientById(db, clientId)
    if (raced) return raced
    throw error
  }
}

/** The client of an authorization request: a metadata document URL, or a registered client id. */
export async function findClientForAuthorization(db: Database, clientId: string): Promise<Client | null> {
  return isMetadataDocumentClientId(clientId) ? metadataDocumentClient(db, clientId) : findClientById(db, clientId)
}
