// The scope catalog, read through a short cache: it changes rarely (admin edits) and is read on
// every token request. Edits through lib/ call invalidateScopeCatalog(); other instances see them
// within SCOPE_CATALOG_TTL_MS.
import type { Executor } from '@/db/client'
import { listScopes } from './scopes'
import type { Scope } from '@/db/schema'
import { nowMs } from '../clock'

export const SCOPE_CATALOG_TTL_MS = 30_000

const holder = globalThis as unknown as { __gatehouseScopes?: { scopes: Scope[]; loadedAt: number } }

/** The catalog when the cache holds a fresh one (synchronous: no promise on the hot path). */
export function cachedScopeCatalog(): Scope[] | undefined {
  const cached = holder.__gatehouseScopes
  return cached && nowMs() - cached.loadedAt < SCOPE_CATALOG_TTL_MS ? cached.scopes : undefined
}

export async function scopeCatalog(db: Executor): Promise<Scope[]> {
  const cached = cachedScopeCatalog()
  if (cached) return cached
  const scopes = await listScopes(db)
  holder.__gatehouseScopes = { scopes, loadedAt: nowMs() }
  return scopes
}

export function invalidateScopeCatalog(): void {
  holder.__gatehouseScopes = undefined
}
