// RFC 6749 §4.4: confidential clients only, no refresh token, `sub` is the client id.
import { findUserById } from '@/db/queries/users'
import { auditSoon } from '../../audit'
import { OAuthError } from '../errors'
import { issueTokens } from '../tokens/issuance'
import { peekScopeCatalog, loadScopeCatalog } from '../scopes/catalog'
import { grantedScopes, userPermissions } from '../scopes/policy'
import { splitScope } from '../scopes/syntax'
import type { GrantHandler } from './context'
import { resolveResource, scopesForResource } from '../../machine/resources'

export const clientCredentialsGrant: GrantHandler = async ({ db, client, params, request, now }) => {
  if (client.type !== 'confidential') throw new OAuthError('unauthorized_client', 'Only confidential clients may use client_credentials')
  // Restricted scopes follow the client's owner: a developer cannot mint what they do not hold.
  const catalog = peekScopeCatalog() ?? await loadScopeCatalog(db)
  // The owner is read only when one of the client's scopes is restricted (the hot path has none).
  const restricted = client.scopes.some((name) => catalog.find((scope) => scope.name === name)?.restricted)
  const owner = restricted && client.ownerId ? await findUserById(db, client.ownerId) : null
  const holder = owner ? userPermissions(owner) : { permissions: [] }
  const resource = await resolveResource(db, params.resource)
  const allowed = grantedScopes(splitScope(params.scope), client, catalog, holder, { userGrant: false })
  const scope = resource ? await scopesForResource(db, resource.uri, allowed) : allowed
  const body = await issueTokens(db, { client, user: null, scope, grant: null, now, refreshToken: false, audience: resource?.uri })
  if (!scope.length) delete body.scope
  auditSoon({ event: 'token.issued', clientId: client.id, details: { grant_type: 'client_credentials', scope: body.scope } }, request)
  return body
}
