// The developer's own OAuth clients: create, edit, rotate the secret, delete.
// Input is validated here with per-field errors; every operation takes the owner's id and
// touches only clients that owner holds, so a forged id reaches nothing (answers null).
import { z } from 'zod'
import type { Database, Executor } from '@/db/client'
import {
  deleteClientById, deleteOwnedClient, findClientById, findOwnedClient, insertClient, listOwnedClients, replaceOwnedClientSecretHash,
  updateClientById, updateOwnedClient,
} from '@/db/queries/clients'
import { revokeClientGrants } from '@/db/queries/admin-clients'
import { findScopesByName } from '@/db/queries/scopes'
import type { Client } from '@/db/schema'
import { invalidateClient } from './cache'
import { invalidateAfter } from '../cache'
import { startNewRevocationEpoch } from '../oauth/tokens/access-token-status'
import { audit, type RequestContext } from '../audit'
import { fieldErrors, refused, type FieldErrors, type Result } from '../result'
import { currentTime } from '../clock'
import { randomToken, sha256 } from '../crypto'
import { INVISIBLE_CHARACTER_MESSAGE, hasControlCharacter, hasInvisibleCharacter } from '../text'
import { MAX_REDIRECT_URIS, redirectUriProblem, type ClientType } from '../oauth/redirect-uri'
import { parseUrl } from '../url'

/** Grants a developer may enable. `password` is absent on purpose: only an admin turns it on
 * (clients.password_grant_enabled), RFC 9700 §2.4 says it must not be used. */
export const DEVELOPER_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const
export type DeveloperGrantType = (typeof DEVELOPER_GRANT_TYPES)[number]
const GRANT_TYPES_KEEPING_GRANTS: readonly string[] = ['authorization_code', 'refresh_token']
export const CONFIDENTIAL_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const

export const MAX_CLIENT_NAME_LENGTH = 100
export const MAX_URL_LENGTH = 2000

// Form-shaped input: URI lists arrive as a textarea (one per line) or an array.
const uriList = z.union([z.string().max(MAX_URL_LENGTH * (MAX_REDIRECT_URIS + 5), 'That list is far too long.'), z.array(z.string()).max(50, 'That list is far too long.')])
  .default('')
  .transform((value) => (typeof value === 'string' ? value.split(/\r\n|\r|\n/) : value))

const optionalUrl = z.string().trim().max(MAX_URL_LENGTH, `Use at most ${MAX_URL_LENGTH} characters.`).optional()
  .transform((value) => (value ? value : null))
  .superRefine((value, context) => {
    const problem = value === null ? null : httpsUrlProblem(value)
    if (problem) context.addIssue({ code: 'custom', message: problem })
  })

const clientSchema = z.object({
  name: z.string().trim()
    .min(1, 'Enter a name.')
    .max(MAX_CLIENT_NAME_LENGTH, `Use at most ${MAX_CLIENT_NAME_LENGTH} characters.`)
    .refine((value) => !hasInvisibleCharacter(value), INVISIBLE_CHARACTER_MESSAGE),
  type: z.enum(['confidential', 'public'], 'Choose Confidential or Public.').optional(),
  redirectUris: uriList,
  postLogoutRedirectUris: uriList,
  grantTypes: z.array(z.string()).max(10).default([]),
  scopes: z.array(z.string().max(128)).max(100, 'Choose fewer scopes.').default([]),
  tokenEndpointAuthMethod: z.string().optional(),
  requirePkce: z.boolean().default(true),
  homepageUrl: optionalUrl,
  logoUrl: optionalUrl,
  policyUrl: optionalUrl,
})

/** Homepage, logo and policy links are shown on the consent page: https only, no userinfo. */
function httpsUrlProblem(value: string): string | null {
  const url = parseUrl(value)
  if (!url) return 'Enter a full https:// URL.'
  if (url.protocol !== 'https:') return 'Use an https:// URL.'
  if (url.username || url.password) return 'Remove the user name or password (the part before "@").'
  return null
}

/** One message per bad line, numbered as the developer sees them in the textarea. */
function checkUriList(lines: readonly string[], clientType: ClientType, required: boolean): { uris: string[]; problem: string | null } {
  const uris: string[] = []
  const problems: string[] = []
  lines.forEach((raw, index) => {
    const uri = raw.trim()
    if (uri === '') return
    const problem = redirectUriProblem(uri, clientType)
    if (problem) problems.push(`Line ${index + 1}: ${problem}`)
    else if (!uris.includes(uri)) uris.push(uri)
  })
  if (problems.length) return { uris, problem: problems.join('\n') }
  if (required && uris.length === 0) return { uris, problem: 'Enter at least one redirect URI.' }
  if (uris.length > MAX_REDIRECT_URIS) return { uris, problem: `Enter at most ${MAX_REDIRECT_URIS} URIs.` }
  return { uris, problem: null }
}

type ClientSettings = Pick<Client, 'name' | 'type' | 'redirectUris' | 'postLogoutRedirectUris' | 'grantTypes' | 'scopes'
  | 'tokenEndpointAuthMethod' | 'requirePkce' | 'homepageUrl' | 'logoUrl' | 'policyUrl'>

type ClientInput = z.output<typeof clientSchema>

/** Each field parsed on its own, a bad one replaced by its empty value (already reported). */
function parseFieldByField(input: unknown): ClientInput {
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>
  const fallback = clientSchema.parse({ name: 'x' })
  const values: Record<string, unknown> = { ...fallback }
  for (const [name, schema] of Object.entries(clientSchema.shape)) {
    const field = schema.safeParse(record[name])
    if (field.success) values[name] = field.data
  }
  return values as ClientInput
}

/** Validates everything, cross-field rules included; `fixedType` is the type of an existing client. */
export async function validateClientInput(db: Executor, input: unknown, fixedType?: ClientType): Promise<Result<{ settings: ClientSettings }>> {
  const parsed = clientSchema.safeParse(input)
  // A bad field must not hide the others' problems: the fields that parsed are still checked
  // below, so the developer sees every error at once.
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error)
  const values = parsed.success ? parsed.data : parseFieldByField(input)

  if (fixedType && values.type && values.type !== fixedType) errors.type = 'The client type cannot be changed: create a new client instead.'
  const type: ClientType | undefined = fixedType ?? values.type
  if (!type) errors.type ??= 'Choose Confidential or Public.'
  const clientType = type ?? 'confidential'

  const grantTypes = [...new Set(values.grantTypes)]
  const unknownGrant = grantTypes.find((grant) => !(DEVELOPER_GRANT_TYPES as readonly string[]).includes(grant))
  if (unknownGrant === 'password') errors.grantTypes ??= 'The password grant can only be enabled by an administrator.'
  else if (unknownGrant) errors.grantTypes ??= `Unknown grant type: ${unknownGrant.slice(0, 40)}.`
  else if (grantTypes.length === 0) errors.grantTypes ??= 'Choose at least one grant type.'
  // client_credentials is for confidential clients only: a public client has no secret (RFC 6749 §4.4).
  else if (clientType === 'public' && grantTypes.includes('client_credentials')) errors.grantTypes ??= 'Public clients cannot use client_credentials.'
  // A refresh token is only ever issued from an authorization code in Gatehouse.
  else if (grantTypes.includes('refresh_token') && !grantTypes.includes('authorization_code')) errors.grantTypes ??= 'refresh_token needs authorization_code too.'

  // Redirect URIs are needed for the authorization code flow only (client_credentials never redirects).
  const redirect = checkUriList(values.redirectUris, clientType, grantTypes.includes('authorization_code') || grantTypes.length === 0)
  if (redirect.problem) errors.redirectUris ??= redirect.problem
  const postLogout = checkUriList(values.postLogoutRedirectUris, clientType, false)
  if (postLogout.problem) errors.postLogoutRedirectUris ??= postLogout.problem

  // Clients can only be allowed scopes from the catalog.
  const scopeNames = [...new Set(values.scopes)]
  const known = new Set((await findScopesByName(db, scopeNames)).map((scope) => scope.name))
  const unknownScope = scopeNames.find((name) => !known.has(name))
  if (unknownScope !== undefined) errors.scopes ??= `Unknown scope: ${unknownScope.slice(0, 40)}.`

  let tokenEndpointAuthMethod: Client['tokenEndpointAuthMethod'] = 'none'
  if (clientType === 'confidential') {
    const method = values.tokenEndpointAuthMethod || 'client_secret_basic'
    if ((CONFIDENTIAL_AUTH_METHODS as readonly string[]).includes(method)) tokenEndpointAuthMethod = method as Client['tokenEndpointAuthMethod']
    else errors.tokenEndpointAuthMethod ??= 'Choose client_secret_basic or client_secret_post.'
  }

  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors }
  return {
    ok: true,
    settings: {
      name: values.name,
      type: clientType,
      redirectUris: redirect.uris,
      postLogoutRedirectUris: postLogout.uris,
      grantTypes,
      scopes: scopeNames,
      tokenEndpointAuthMethod,
      // Public clients cannot keep a secret, so PKCE is their only code-injection defence (OAuth 2.1 §4.1.1).
      requirePkce: clientType === 'public' ? true : values.requirePkce,
      homepageUrl: values.homepageUrl,
      logoUrl: values.logoUrl,
      policyUrl: values.policyUrl,
    },
  }
}

/** A client id the developer never chooses: random, and never shaped like a user `sub` (a UUID),
 * so a client_credentials token cannot pass for a user's (RFC 9700 §2.6, §4.15). */
function newClientId(): string {
  return `gh_${randomToken(16)}`
}

/** Extra writes in the transaction that creates a client (a registration token, say). */
export interface CreateOptions {
  /** Who is recorded as acting; the owner unless given (null: the client registered itself). */
  actorUserId?: string | null
  afterInsert?: (tx: Executor, client: Client) => Promise<void>
  /** The client id, when it is not Gatehouse's to choose (a client ID metadata document's URL). */
  id?: string
  /** Recorded with the audit row (how the client came to be). */
  auditDetails?: Record<string, unknown>
}

/**
 * Registers a client for `ownerId` (null: nobody's, a self-registered client). The secret
 * (confidential clients only) is returned this once; only its SHA-256 hash is stored.
 */
export async function createClient(db: Database, ownerId: string | null, input: unknown, context: RequestContext, options: CreateOptions = {}): Promise<Result<{ client: Client; secret: string | null }>> {
  const validated = await validateClientInput(db, input)
  if (!validated.ok) return validated
  const { settings } = validated
  const secret = settings.type === 'confidential' ? randomToken() : null
  const actorUserId = options.actorUserId !== undefined ? options.actorUserId : ownerId
  const client = await db.transaction(async (tx) => {
    const created = await insertClient(tx, { ...settings, id: options.id ?? newClientId(), ownerId, secretHash: secret === null ? null : sha256(secret) })
    await options.afterInsert?.(tx, created)
    await audit(tx, { event: 'client.created', actorUserId, subjectUserId: ownerId, clientId: created.id, details: { name: created.name, type: created.type, ...options.auditDetails } }, context)
    return created
  })
  return { ok: true, client, secret }
}

/** Null when the client does not exist or belongs to someone else. */
export async function updateClient(db: Database, ownerId: string, clientId: string, input: unknown, context: RequestContext): Promise<Result<{ client: Client }> | null> {
  const existing = await getClientForOwner(db, ownerId, clientId)
  if (!existing) return null
  return changeClient(db, existing, { ownerId, actorUserId: ownerId }, input, context)
}

/** Any client, whoever owns it: for an administrator (actor) or the client itself (actor null,
 * RFC 7592). Null when there is no such client. */
export async function updateAnyClient(db: Database, actorUserId: string | null, clientId: string, input: unknown, context: RequestContext): Promise<Result<{ client: Client }> | null> {
  const existing = plausibleClientId(clientId) ? await findClientById(db, clientId) : null
  if (!existing) return null
  return changeClient(db, existing, { ownerId: null, actorUserId }, input, context)
}

/** Who changes a client: `ownerId` set limits the write to that owner's clients. */
interface ChangeScope { ownerId: string | null; actorUserId: string | null }

async function changeClient(db: Database, existing: Client, scope: ChangeScope, input: unknown, context: RequestContext): Promise<Result<{ client: Client }> | null> {
  const clientId = existing.id
  const validated = await validateClientInput(db, input, existing.type)
  if (!validated.ok) return validated
  const { type: _type, ...changes } = validated.settings
  void _type
  const changed = (Object.keys(changes) as (keyof typeof changes)[])
    .filter((key) => JSON.stringify(changes[key]) !== JSON.stringify(existing[key]))
  // A grant lives on refresh_token (and authorization_code, which it needs): taking either away
  // revokes the grants it kept alive, in the same transaction as the change.
  const ended = existing.grantTypes.filter((grant) => GRANT_TYPES_KEEPING_GRANTS.includes(grant) && !changes.grantTypes.includes(grant))
  const client = await invalidateAfter(db.transaction(async (tx) => {
    const updated = scope.ownerId === null ? await updateClientById(tx, clientId, changes) : await updateOwnedClient(tx, scope.ownerId, clientId, changes)
    const revoked = updated && ended.length ? await revokeClientGrants(tx, clientId, currentTime()) : 0
    if (updated) await audit(tx, { event: 'client.updated', actorUserId: scope.actorUserId, subjectUserId: existing.ownerId, clientId, details: { changed, ...(revoked ? { grants_revoked: revoked } : {}) } }, context)
    return updated
  }), () => invalidateClient(clientId), startNewRevocationEpoch)
  return client ? { ok: true, client } : null
}

/** Issues a new secret and kills the old one in the same statement. Null when not the owner's. */
export async function rotateClientSecret(db: Database, ownerId: string, clientId: string, context: RequestContext): Promise<Result<{ client: Client; secret: string }> | null> {
  const existing = await getClientForOwner(db, ownerId, clientId)
  if (!existing) return null
  if (existing.type !== 'confidential') return refused('Public clients have no secret to rotate.')
  const secret = randomToken()
  // The old secret stops working on this instance once the new one has committed.
  const client = await invalidateAfter(db.transaction(async (tx) => {
    const updated = await replaceOwnedClientSecretHash(tx, ownerId, clientId, sha256(secret))
    if (updated) await audit(tx, { event: 'client.secret_rotated', actorUserId: ownerId, clientId }, context)
    return updated
  }), () => invalidateClient(clientId))
  return client ? { ok: true, client, secret } : null
}

/** Deletes the client and, by cascade, every code, grant, token and consent issued to it,
 * together with the audit row in one transaction. False when not the owner's. */
export async function deleteClient(db: Database, ownerId: string, clientId: string, context: RequestContext): Promise<boolean> {
  return removeClient(db, { ownerId, actorUserId: ownerId }, clientId, context)
}

/** Deletes any client: for an administrator (actor) or the client itself (actor null, RFC 7592). */
export async function deleteAnyClient(db: Database, actorUserId: string | null, clientId: string, context: RequestContext): Promise<boolean> {
  return removeClient(db, { ownerId: null, actorUserId }, clientId, context)
}

async function removeClient(db: Database, scope: ChangeScope, clientId: string, context: RequestContext): Promise<boolean> {
  if (!plausibleClientId(clientId)) return false
  return invalidateAfter(db.transaction(async (tx) => {
    const row = scope.ownerId === null ? await deleteClientById(tx, clientId) : await deleteOwnedClient(tx, scope.ownerId, clientId)
    if (row) await audit(tx, { event: 'client.deleted', actorUserId: scope.actorUserId, subjectUserId: row.ownerId, clientId, details: { name: row.name } }, context)
    return row !== null
  }), () => invalidateClient(clientId), startNewRevocationEpoch)
}

export async function listClientsForOwner(db: Executor, ownerId: string): Promise<Client[]> {
  return listOwnedClients(db, ownerId)
}

/** The client when `ownerId` owns it; null for everyone else (pages answer 404). */
export async function getClientForOwner(db: Executor, ownerId: string, clientId: string): Promise<Client | null> {
  if (!plausibleClientId(clientId)) return null
  return findOwnedClient(db, ownerId, clientId)
}

// Ids come from URLs and form fields: refuse garbage before it reaches a query.
export function plausibleClientId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_URL_LENGTH && !hasControlCharacter(value)
}
