// The upstream providers: those of UPSTREAM_PROVIDERS (read-only, infrastructure as code) and
// those an admin added in the console. An id in the environment shadows the same id in the
// database, so a deployment's configuration always wins.
import type { Executor } from '@/db/client'
import { findUpstreamProviderRow, listUpstreamProviderRows } from '@/db/queries/upstream'
import type { UpstreamProviderRow } from '@/db/schema'
import { config } from '../config'
import { unseal } from '../crypto'
import { DEFAULT_SCOPES, type ProviderSettings, type ProviderType } from './provider-rules'

export const CLIENT_SECRET_PURPOSE = 'upstream-client-secret'

/** A provider as the login flow and the console see it; the secret is opened only when needed. */
export interface UpstreamProvider {
  id: string
  type: ProviderType
  name: string
  issuer: string | null
  clientId: string
  scopes: string
  enabled: boolean
  linkByVerifiedEmail: boolean
  source: 'environment' | 'console'
  clientSecret: () => string
}

function fromEnvironment(settings: ProviderSettings): UpstreamProvider {
  return {
    id: settings.id,
    type: settings.type,
    name: settings.name,
    issuer: settings.type === 'oidc' ? settings.issuer ?? null : null,
    clientId: settings.client_id,
    scopes: settings.scopes ?? DEFAULT_SCOPES[settings.type],
    enabled: true,
    linkByVerifiedEmail: settings.link_by_verified_email ?? false,
    source: 'environment',
    clientSecret: () => settings.client_secret,
  }
}

function fromRow(row: UpstreamProviderRow): UpstreamProvider {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    scopes: row.scopes,
    enabled: row.enabled,
    linkByVerifiedEmail: row.linkByVerifiedEmail,
    source: 'console',
    clientSecret: () => unseal(row.clientSecretSealed, config().authSecret, CLIENT_SECRET_PURPOSE),
  }
}

function environmentProviders(): UpstreamProvider[] {
  return (config().UPSTREAM_PROVIDERS ?? []).map(fromEnvironment)
}

export function isEnvironmentProvider(id: string): boolean {
  return environmentProviders().some((provider) => provider.id === id)
}

/** Every provider, enabled or not: the environment's first, then the console's by name. */
export async function listProviders(db: Executor): Promise<UpstreamProvider[]> {
  const fixed = environmentProviders()
  const taken = new Set(fixed.map((provider) => provider.id))
  const rows = await listUpstreamProviderRows(db)
  return [...fixed, ...rows.filter((row) => !taken.has(row.id)).map(fromRow)]
}

/** The providers people may sign in with now, in the order their buttons are shown. */
export async function enabledProviders(db: Executor): Promise<UpstreamProvider[]> {
  return (await listProviders(db)).filter((provider) => provider.enabled)
}

/** The provider of this id, or null (also when disabled, unless `includeDisabled`). */
export async function findProvider(db: Executor, id: string, options: { includeDisabled?: boolean } = {}): Promise<UpstreamProvider | null> {
  const fixed = environmentProviders().find((provider) => provider.id === id)
  const provider = fixed ?? (await findUpstreamProviderRow(db, id).then((row) => (row ? fromRow(row) : null)))
  if (!provider || (!provider.enabled && !options.includeDisabled)) return null
  return provider
}

/** The redirect URI to register at the provider. */
export function callbackUrl(providerId: string): string {
  return `${config().ISSUER}/login/upstream/${providerId}/callback`
}
