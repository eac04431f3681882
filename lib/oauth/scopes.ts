// The scope catalog (RFC 6749 §3.3): the OpenID Connect built-ins plus operator-defined API
// scopes. A restricted scope is granted only to users who hold it; clients may only
// be allowed scopes that are in the catalog.
import type { Executor } from '@/db/client'
import { insertMissingScopes, listAllScopes } from '@/db/queries/scopes'
import type { Scope } from '@/db/schema'

/** OIDC Core §5.4 and §11; the descriptions are what the consent page shows. */
export const BUILTIN_SCOPES = [
  { name: 'openid', description: 'Sign you in with your Gatehouse account' },
  { name: 'profile', description: 'See your username' },
  { name: 'email', description: 'See your email address' },
  { name: 'offline_access', description: 'Stay connected to your account when you are not using the app' },
] as const

export const MAX_SCOPE_TOKEN_LENGTH = 128
export const MAX_SCOPE_TOKENS = 100

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) — no space, '"' or '\'.
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/

export function isScopeToken(value: string): boolean {
  return value.length <= MAX_SCOPE_TOKEN_LENGTH && scopeToken.test(value)
}

/**
 * Parses a `scope` parameter into distinct scope tokens, in first-seen order; '' gives [].
 * Null when it is malformed (a character outside the scope-token set, or too many/too long
 * tokens): the caller answers `invalid_scope`. Runs of spaces are tolerated as one delimiter.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function parseScope(value: string): string[] | null {
  const tokens = value.split(' ').filter((token) => token !== '')
  if (tokens.length > MAX_SCOPE_TOKENS) return null
  if (!tokens.every(isScopeToken)) return null
  return [...new Set(tokens)]
}

/** The wire form: space-delimited (RFC 6749 §3.3). */
export function formatScope(tokens: readonly string[]): string {
  return tokens.join(' ')
}

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
