// RFC 6749 §4.3, kept only for the older systems Gatehouse replaces. RFC 9700 §2.4 says it
// MUST NOT be used, so it is fenced: off by default, enabled per client by an admin only,
// every use audited.
import { insertGrant } from '@/db/queries/grants'
import { audit } from '../../audit'
import { hasSecondFactor } from '../../factors/enrolment'
import { logIn } from '../../auth/accounts'
import { OAuthError } from '../errors'
import { issueTokens } from '../tokens/issuance'
import { loadScopeCatalog } from '../scopes/catalog'
import { grantedScopes, userPermissions } from '../scopes/policy'
import { formatScope, splitScope } from '../scopes/syntax'
import { currentSigningKeys } from '../tokens/signing-keys'
import type { GrantHandler } from './context'

export const passwordGrant: GrantHandler = async ({ db, client, params, request, now }) => {
  if (!client.passwordGrantEnabled) throw new OAuthError('unauthorized_client', 'The password grant is not enabled for this client')
  if (!params.username || !params.password) throw new OAuthError('invalid_request', 'The username and password parameters are required')
  const result = await logIn(db, { login: params.username, password: params.password }, request)
  if (!result.ok) throw new OAuthError('invalid_grant', 'The resource owner credentials are invalid')
  const user = result.user
  // A generated or administrator-set password only opens the page where it is replaced.
  if (user.mustChangePassword) throw new OAuthError('invalid_grant', 'The password is a one-time password: sign in to Gatehouse and choose a new one first')
  // A password alone must not open an account that has a second factor: this grant cannot ask for it.
  if (await hasSecondFactor(db, user.id)) throw new OAuthError('invalid_grant', 'This account uses a second factor: sign in through the browser')
  const scope = grantedScopes(splitScope(params.scope), client, await loadScopeCatalog(db), userPermissions(user), { userGrant: true })
  // Keys first: nothing inside the transaction may wait for a connection of its own.
  const keys = await currentSigningKeys()
  return db.transaction(async (tx) => {
    const grant = await insertGrant(tx, { clientId: client.id, userId: user.id, scope: formatScope(scope), grantType: 'password', authTime: now, amr: ['pwd'], createdAt: now })
    const body = await issueTokens(tx, {
      client, user, scope, grant, authTime: now, amr: grant.amr, now, keys,
      refreshToken: client.grantTypes.includes('refresh_token'),
    })
    await audit(tx, { event: 'token.password_grant', actorUserId: user.id, clientId: client.id, details: { scope: body.scope } }, request)
    return body
  })
}
