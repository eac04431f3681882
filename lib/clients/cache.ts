// Client rows for the token, revocation and introspection endpoints, cached per process.
// A change made on this instance (registry, admin) invalidates once committed; other instances see it
// within CLIENT_CACHE_TTL_MS — so a rotated secret or a deleted client stops working everywhere
// within that bound (README, "Caches and their bounds").
import type { Executor } from '@/db/client'
import { findClientById } from '@/db/queries/clients'
import type { Client } from '@/db/schema'
import { processCache } from '../cache'

export const CLIENT_CACHE_TTL_MS = 5_000

// Unknown ids are cached as null too, so a flood of made-up client ids costs one query each per TTL.
const clients = processCache<Client | null>('clients', CLIENT_CACHE_TTL_MS)

/** The cached row (null: cached as unknown), or undefined when the cache has no answer. */
export function peekClient(clientId: string): Client | null | undefined {
  return clients.get(clientId)
}

export async function loadClient(db: Executor, clientId: string): Promise<Client | null> {
  const hit = clients.get(clientId)
  if (hit !== undefined) return hit
  const client = await findClientById(db, clientId)
  clients.set(clientId, client)
  return client
}

export function invalidateClient(clientId: string): void {
  clients.delete(clientId)
}
