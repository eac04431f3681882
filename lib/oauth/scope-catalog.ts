// The scope catalog, read through a short cache: it changes rarely (admin edits) and is read on
// every token request. Edits through lib/ call invalidateScopeCatalog() once committed; other instances see them
// within SCOPE_CATALOG_TTL_MS.
import type { Executor } from '@/db/client'
import type { Scope } from '@/db/schema'
import { processCache } from '../cache'
import { listScopes } from './scopes'

export const SCOPE_CATALOG_TTL_MS = 30_000

const catalog = processCache<Scope[]>('scope-catalog', SCOPE_CATALOG_TTL_MS)

/** The catalog when the cache holds a fresh one (synchronous: no promise on the hot path). */
export function cachedScopeCatalog(): Scope[] | undefined {
  return catalog.get('all')
}

export async function scopeCatalog(db: Executor): Promise<Scope[]> {
  const cached = catalog.get('all')
  if (cached) return cached
  const scopes = await listScopes(db)
  catalog.set('all', scopes)
  return scopes
}

export function invalidateScopeCatalog(): void {
  catalog.delete('all')
}
