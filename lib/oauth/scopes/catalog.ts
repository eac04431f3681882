// The scope catalog (RFC 6749 §3.3): the OpenID Connect built-ins plus operator-defined API
// scopes. A restricted scope is granted only to users who hold it; clients may only be allowed
// scopes that are in the catalog.
//
// Read through a short cache: it changes rarely (admin edits) and is read on every token
// request. Edits through lib/ call invalidateScopeCatalog() once committed; other instances see
// them within SCOPE_CATALOG_TTL_MS.
import type { Executor } from '@/db/client'
import { insertMissingScopes, listAllScopes } from '@/db/queries/scopes'
import type { Scope } from '@/db/schema'
import { processCache } from '../../cache'

/** OIDC Core §5.4 and §11; the descriptions are what the consent page shows. */
export const BUILTIN_SCOPES = [
  { name: 'openid', description: 'Sign you in with your Gatehouse account' },
  { name: 'profile', description: 'See your username' },
  { name: 'email', description: 'See your email address' },
  { name: 'offline_access', description: 'Stay connected to your account when you are not using the app' },
] as const

/** Creates the built-in scopes once; safe when several instances start together. */
export async function ensureBuiltinScopes(db: Executor): Promise<void> {
  await insertMissingScopes(db, BUILTIN_SCOPES.map((scope) => ({ ...scope, builtin: true, restricted: false })))
}

const builtinOrder: readonly string[] = BUILTIN_SCOPES.map((scope) => scope.name)

/** The whole catalog: built-ins in their usual order, then operator scopes by name. */
export async function listScopes(db: Executor): Promise<Scope[]> {
  const rank = (scope: Scope) => {
    const index = builtinOrder.indexOf(scope.name)
    return index === -1 ? builtinOrder.length : index
  }
  return (await listAllScopes(db)).sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

export const SCOPE_CATALOG_TTL_MS = 30_000

const catalog = processCache<Scope[]>('scope-catalog', SCOPE_CATALOG_TTL_MS)

/** The catalog when the cache holds a fresh one (synchronous: no promise on the hot path). */
export function peekScopeCatalog(): Scope[] | undefined {
  return catalog.get('all')
}

export async function loadScopeCatalog(db: Executor): Promise<Scope[]> {
  const cached = catalog.get('all')
  if (cached) return cached
  const scopes = await listScopes(db)
  catalog.set('all', scopes)
  return scopes
}

export function invalidateScopeCatalog(): void {
  catalog.delete('all')
}
