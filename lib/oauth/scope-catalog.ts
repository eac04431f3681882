// The scope catalog, read through a short cache: it changes rarely (admin edits) and is read on
// every token request. Edits through lib/ call invalidateScopeCatalog(); other instances see them
// within SCOPE_CATALOG_TTL_MS.
import type { Executor } from '@/db/client'
import { listScopes } from './scopes'
import type { Scope } from '@/db/schema'

export const SCOPE_CATALOG_TTL_MS = 30_000

const holder = globalThis as unknown as { __gatehouseScopes?: { scopes: Scope[]; loadedAt: number } }

export async function scopeCatalog(db: Executor): Promise<Scope[]> {
  const cached = holder.__gatehouseScopes
  if (cached && Date.now() - cached.loadedAt < SCOPE_CATALOG_TTL_MS) return cached.scopes
  const scopes = await listScopes(db)
  holder.__gatehouseScopes = { scopes, loadedAt: Date.now() }
  return scopes
}

export function invalidateScopeCatalog(): void {
  holder.__gatehouseScopes = undefined
}
