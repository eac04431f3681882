// RFC 8707 resource indicators: the resource servers a token may be issued for. Gatehouse's own
// API (the default audience) is always one; others are registered by an administrator, each
// with the scopes it accepts. A token for a resource carries it as `aud` (RFC 9068 §3) and only
// the resource's scopes (plus the OpenID ones, which concern Gatehouse itself).
import type { Executor } from '@/db/client'
import { listProtectedResources } from '@/db/queries/machine-clients'
import { processCache } from '../cache'
import { OAuthError } from '../oauth/errors'
import { USER_ONLY_SCOPES } from '../oauth/scopes/policy'
import { accessTokenAudience } from '../oauth/tokens/access-token'
import { parseUrl } from '../url'

export const RESOURCES_TTL_MS = 30_000
const cache = processCache<Map<string, ResourceTarget>>('protected-resources', RESOURCES_TTL_MS)

/** A resource a token can be for; `scopes` null: any scope (Gatehouse's own API). */
export interface ResourceTarget { uri: string; name: string; scopes: readonly string[] | null }

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost'])

/** RFC 8707 §2: an absolute URI without a fragment; https, or http on loopback for development. */
export function resourceIdentifierProblem(uri: string): string | null {
  if (!uri || uri.length > 2000) return 'Enter an absolute URI of at most 2000 characters.'
  const url = parseUrl(uri)
  if (!url) return 'Enter an absolute URI, such as https://api.example.com/.'
  if (uri.includes('#')) return 'Remove the fragment (#…): a resource indicator cannot have one.'
  if (url.username || url.password) return 'Remove the user name or password.'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:' && loopbackHosts.has(url.hostname)) return null
  return 'Use https (http only on loopback addresses).'
}

async function knownResources(db: Executor): Promise<Map<string, ResourceTarget>> {
  const cached = cache.get('all')
  if (cached) return cached
  const resources = new Map<string, ResourceTarget>()
  for (const row of await listProtectedResources(db)) resources.set(row.uri, { uri: row.uri, name: row.name, scopes: row.scopes })
  cache.set('all', resources)
  return resources
}

export function invalidateResources(): void {
  cache.delete('all')
}

/** Every resource a token can be issued for: Gatehouse's own API first, then the registered ones. */
export async function resourceIdentifiers(db: Executor): Promise<string[]> {
  return [ownResource().uri, ...(await knownResources(db)).keys()]
}

export function ownResource(): ResourceTarget {
  return { uri: accessTokenAudience(), name: 'Gatehouse API', scopes: null }
}

/** The resource a request names, or null when it names none; invalid_target when Gatehouse
 * issues no tokens for it (RFC 8707 §2). Values are compared exactly, as registered. */
export async function resolveResource(db: Executor, value: string | undefined): Promise<ResourceTarget | null> {
  if (value === undefined) return null
  const own = ownResource()
  if (value === own.uri) return own
  const found = (await knownResources(db)).get(value)
  if (!found) throw new OAuthError('invalid_target', 'The requested resource is unknown to this authorization server')
  return found
}

/** The token endpoint's resource for a grant authorized for `authorized` (null: the default
 * audience). A refresh or code redemption may name that same resource only: never another one
 * (RFC 8707 §2.2, RFC 9700 §4.14.2 — refresh tokens stay bound to their resource servers). */
export function resourceForGrant(authorized: string | null, requested: string | undefined): string {
  const bound = authorized ?? ownResource().uri
  if (requested !== undefined && requested !== bound) throw new OAuthError('invalid_target', 'The requested resource was not authorized for this grant')
  return bound
}

/** The scopes a token for `resource` may carry: those it accepts, and the OpenID ones. */
export async function scopesForResource(db: Executor, resource: string, scopes: readonly string[]): Promise<string[]> {
  const target = resource === ownResource().uri ? ownResource() : (await knownResources(db)).get(resource)
  if (!target) throw new OAuthError('invalid_target', 'The resource of this grant is no longer served')
  if (target.scopes === null) return [...scopes]
  const accepted = target.scopes
  return scopes.filter((scope) => accepted.includes(scope) || USER_ONLY_SCOPES.has(scope))
}
