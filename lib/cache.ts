// Small per-process caches for hot, rarely-changing rows (clients, limit counters). They live on
// globalThis so that Next's bundle and the lean server's bundle, loaded in one process, share
// them: an invalidation made by a page action is seen by the lean path at once. Other instances
// see a change when the entry's TTL runs out — that bound is documented per cache.
import { nowMs } from './clock'
interface Entry<V> { value: V; expiresAt: number }

export interface ProcessCache<V> {
  /** `now` lets callers with an injected clock (tests, TTL logic) see entries expire. */
  get(key: string, now?: number): V | undefined
  set(key: string, value: V, now?: number): void
  delete(key: string): void
  clear(): void
}

const MAX_ENTRIES = 10_000
const registry = ((globalThis as unknown as { __gatehouseCaches?: Map<string, Map<string, Entry<unknown>>> }).__gatehouseCaches ??= new Map())

export function processCache<V>(name: string, ttlMs: number): ProcessCache<V> {
  let entries = registry.get(name) as Map<string, Entry<V>> | undefined
  if (!entries) {
    entries = new Map()
    registry.set(name, entries as Map<string, Entry<unknown>>)
  }
  const store = entries
  return {
    get(key, now = nowMs()) {
      const entry = store.get(key)
      if (!entry) return undefined
      if (entry.expiresAt <= now) {
        store.delete(key)
        return undefined
      }
      return entry.value
    },
    set(key, value, now = nowMs()) {
      // Bounded: hostile input (random client ids) must not grow memory without limit.
      if (store.size >= MAX_ENTRIES) store.delete(store.keys().next().value!)
      store.set(key, { value, expiresAt: now + ttlMs })
    },
    delete(key) { store.delete(key) },
    clear() { store.clear() },
  }
}

/**
 * Awaits a change (a transaction), then runs the invalidations: clearing before the commit lets a
 * read in between re-fill the cache with the old row. They run after a failure too: a failed
 * COMMIT may still have committed, and clearing a cache is always safe.
 */
export async function invalidateAfter<T>(change: Promise<T>, ...invalidations: (() => void)[]): Promise<T> {
  try {
    return await change
  } finally {
    for (const invalidate of invalidations) invalidate()
  }
}
