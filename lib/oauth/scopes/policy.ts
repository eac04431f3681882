// Which scopes a request gets (RFC 6749 §3.3): requested ∩ the client's allowed scopes ∩ what the
// subject holds — restricted scopes only for users holding the permission. Unknown → invalid_scope.
import type { Client, Scope, User } from '@/db/schema'
import { OAuthError } from '../errors'

/** OpenID scopes describe a user; they mean nothing for a client acting on its own behalf. */
export const USER_ONLY_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access'])

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3 */
export function grantedScopes(requested: string[], client: Client, catalog: readonly Scope[], holder: { permissions: string[] } | null, options: { userGrant: boolean }): string[] {
  const byName = new Map(catalog.map((scope) => [scope.name, scope]))
  const unknown = requested.filter((name) => !byName.has(name))
  if (unknown.length) throw new OAuthError('invalid_scope', 'The requested scope is unknown')
  // Nothing requested: the client's registered scopes are the default (RFC 6749 §3.3).
  const wanted = requested.length ? requested : client.scopes
  const granted = grantableNow(wanted, byName, client, holder, options)
  if (granted.length) return granted
  if (requested.length) throw new OAuthError('invalid_scope', 'None of the requested scopes can be granted')
  // A client acting for itself with nothing to default to gets a token with no scope, as
  // node-oidc-provider issues one; a user grant needs something to consent to.
  if (!options.userGrant) return []
  throw new OAuthError('invalid_scope', 'No scope was requested and the client has no default scope that can be granted')
}

/**
 * The scopes of an existing grant that policy still allows today: each refresh re-applies the
 * client's current scopes, the current catalog (a deleted scope is gone) and the user's current
 * permissions. What was taken away drops out silently; the caller decides what an empty result means.
 */
export function stillGrantedScopes(scopes: readonly string[], client: Client, catalog: readonly Scope[], holder: { permissions: string[] }): string[] {
  return grantableNow(scopes, new Map(catalog.map((scope) => [scope.name, scope])), client, holder, { userGrant: true })
}

function grantableNow(names: readonly string[], byName: ReadonlyMap<string, Scope>, client: Client, holder: { permissions: string[] } | null, options: { userGrant: boolean }): string[] {
  return names.filter((name) => {
    const scope = byName.get(name)
    if (!scope || !client.scopes.includes(name)) return false
    if (!options.userGrant && USER_ONLY_SCOPES.has(name)) return false
    return !scope.restricted || Boolean(holder?.permissions.includes(name))
  })
}

/** The permissions a user holds; admins hold the `admin` scope implicitly. */
export function userPermissions(user: User): { permissions: string[] } {
  return { permissions: user.isAdmin ? [...user.permissions, 'admin'] : user.permissions }
}
