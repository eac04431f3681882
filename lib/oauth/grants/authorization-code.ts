// RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6) and the OAuth 2.1 §4.1.3 / RFC 9700 §4.8.2 rules.
import { consumeAuthorizationCode, findAuthorizationCode, findGrant, revokeGrant } from '@/db/queries/grants'
import { findUserById } from '@/db/queries/users'
import { audit } from '../../audit'
import { invalidateAfter } from '../../cache'
import { startNewRevocationEpoch } from '../tokens/access-token-status'
import { sha256 } from '../../crypto'
import { OAuthError } from '../errors'
import { issueTokens } from '../tokens/issuance'
import { verifierMatchesChallenge } from '../pkce'
import { currentSigningKeys } from '../tokens/signing-keys'
import { findGrantResource } from '@/db/queries/machine-clients'
import { resourceForGrant, scopesForResource } from '../../machine/resources'
import type { GrantHandler } from './context'

export const authorizationCodeGrant: GrantHandler = async ({ db, client, params, request, now }) => {
  if (!params.code) throw new OAuthError('invalid_request', 'The code parameter is required')
  const codeHash = sha256(params.code)
  const code = await findAuthorizationCode(db, codeHash)
  const invalid = (detail: string) => new OAuthError('invalid_grant', 'The authorization code is invalid, expired or already used', detail)
  if (!code) throw invalid('unknown code')
  // A code is bound to the client it was issued to (RFC 6749 §4.1.3).
  if (code.clientId !== client.id) throw invalid('code issued to another client')
  if (code.consumedAt) {
    await revokeReplayedCode(code.grantId)
    throw invalid('code replayed')
  }
  if (code.expiresAt <= now) throw invalid('code expired')
  // redirect_uri must be the one used at /oauth/authorize (RFC 6749 §4.1.3, OAuth 2.1 appendix).
  if (params.redirect_uri !== undefined && params.redirect_uri !== code.redirectUri) throw invalid('redirect_uri mismatch')
  if (params.redirect_uri === undefined && client.redirectUris.length > 1) {
    throw new OAuthError('invalid_request', 'The redirect_uri parameter is required')
  }
  // PKCE both ways: a challenge needs a verifier, a verifier needs a challenge (RFC 9700 §4.8.2).
  if (code.codeChallenge) {
    if (!params.code_verifier) throw new OAuthError('invalid_grant', 'The code_verifier parameter is required', 'missing verifier')
    if (!verifierMatchesChallenge(params.code_verifier, code.codeChallenge)) throw invalid('PKCE verification failed')
  } else if (params.code_verifier) {
    throw invalid('code_verifier sent for a code issued without a challenge')
  }
  // The resource the user authorized, and only it (RFC 8707 §2.2).
  const resource = resourceForGrant(await findGrantResource(db, code.grantId), params.resource)
  const scope = await scopesForResource(db, resource, code.scope.split(' '))
  // Keys first: nothing inside the transaction may wait for a connection of its own.
  const keys = await currentSigningKeys()
  // Consumption and issuance are one transaction: the code's row stays locked until the tokens
  // are stored, so a concurrent redemption waits for this one to commit, then finds the code
  // consumed and revokes what this one issued — exactly one winner, never zero.
  const body = await db.transaction(async (tx) => {
    if (!(await consumeAuthorizationCode(tx, codeHash, now))) return null
    const user = await findUserById(tx, code.userId)
    const grant = await findGrant(tx, code.grantId)
    if (!user || user.disabledAt || !grant || grant.revokedAt) throw invalid('user or grant gone')
    const issued = await issueTokens(tx, {
      client, user, scope, grant, authTime: code.authTime, amr: grant.amr, nonce: code.nonce, now, keys, audience: resource,
      refreshToken: client.grantTypes.includes('refresh_token'),
    })
    await audit(tx, { event: 'token.issued', actorUserId: user.id, clientId: client.id, details: { grant_type: 'authorization_code', scope: issued.scope } }, request)
    return issued
  })
  if (!body) {
    // Another request redeemed it between our read and our update: a concurrent replay.
    await revokeReplayedCode(code.grantId)
    throw invalid('code raced')
  }
  return body

  async function revokeReplayedCode(grantId: string): Promise<void> {
    // OAuth 2.1 §4.1.3: deny, and revoke the tokens already issued from this code.
    await invalidateAfter(db.transaction(async (tx) => {
      await revokeGrant(tx, grantId, now)
      await audit(tx, { event: 'code.reuse_detected', clientId: client.id, details: { grant_id: grantId } }, request)
    }), startNewRevocationEpoch)
  }
}
