// RFC 6749 §6 with rotation on every use and replay detection (RFC 9700 §4.14.2, OAuth 2.1 §4.3.1),
// a grace period for retries whose answer was lost, and the current policy applied on every use.
import { withinDeadline, type Transaction } from '@/db/client'
import {
  findRefreshTokenWithGrant, lockRotatedRefreshToken, revokeGrant, rotateRefreshToken, storeGraceSuccessor, successorWasUsed,
  supersedeUnusedSuccessors, type RotationWrites,
} from '@/db/queries/grants'
import { audit, auditRow, type RequestContext } from '../../audit'
import { invalidateAfter } from '../../cache'
import { startNewRevocationEpoch } from '../tokens/access-token-status'
import { config } from '../../config'
import { sha256 } from '../../crypto'
import { OAuthError } from '../errors'
import { accessTokenBody, newRefreshToken, refreshFamilyExpiry } from '../tokens/issuance'
import { peekScopeCatalog, loadScopeCatalog } from '../scopes/catalog'
import { splitScope } from '../scopes/syntax'
import { stillGrantedScopes, userPermissions } from '../scopes/policy'
import { mintAccessToken } from '../tokens/access-token'
import { findGrantResource } from '@/db/queries/machine-clients'
import { resourceForGrant, scopesForResource } from '../../machine/resources'
import type { GrantHandler } from './context'

const invalid = (detail: string) => new OAuthError('invalid_grant', 'The refresh token is invalid, expired or revoked', detail)

export const refreshTokenGrant: GrantHandler = async ({ db, client, params, request, now }) => {
  if (!params.refresh_token) throw new OAuthError('invalid_request', 'The refresh_token parameter is required')
  const found = await findRefreshTokenWithGrant(db, sha256(params.refresh_token))
  if (!found) throw invalid('unknown refresh token')
  const { token, grant, user } = found
  // Bound to its client (OAuth 2.1 §4.3.1): another client's token is just invalid.
  if (token.clientId !== client.id) throw invalid('refresh token of another client')
  // Revoked with its family, or superseded by a retry of its parent: refused, but not replay.
  if (token.revokedAt || grant.revokedAt) throw invalid('refresh token or grant revoked')
  const graceSeconds = config().REFRESH_GRACE_SECONDS
  const family = { grantId: grant.id, presentedId: token.id, actorUserId: token.userId, clientId: client.id, request, now, graceSeconds }
  if (token.rotatedAt && !withinGrace(token.rotatedAt, now, graceSeconds)) {
    await db.transaction((tx) => revokeFamily(tx, family, 'refresh token replayed'))
    throw invalid('refresh token replayed')
  }
  if (token.expiresAt <= now) throw invalid('refresh token expired')
  if (refreshFamilyExpiry(grant) <= now) throw invalid('refresh family past its absolute lifetime')
  if (!user || user.disabledAt) throw invalid('user gone or disabled')
  // The grant type that made the grant must still be allowed (the token endpoint checked refresh_token).
  if (grant.grantType === 'password' && !client.passwordGrantEnabled) throw invalid('password grant turned off for the client')

  // Narrowing only (RFC 6749 §6): every requested scope must be in the original grant.
  const original = token.scope.split(' ')
  const requested = splitScope(params.scope)
  if (requested.some((scope) => !original.includes(scope))) throw new OAuthError('invalid_scope', 'The requested scope exceeds the original grant')
  // Rights are those of today, not of the consent: a scope the client, the catalog or the user
  // has lost since drops out, and stays out of the successor too.
  const kept = stillGrantedScopes(original, client, peekScopeCatalog() ?? await loadScopeCatalog(db), userPermissions(user))
  const scope = requested.length ? requested.filter((name) => kept.includes(name)) : kept
  if (!scope.length) throw invalid('no scope of the grant is allowed any more')

  // No new ID token (OIDC Core §12.2 allows that): its claims have not changed, and RS256
  // signing was measured as the largest cost of a refresh.
  // Bound to the grant's resource: a refresh can name it again, never another (RFC 8707 §2.2).
  const resource = resourceForGrant(await findGrantResource(db, grant.id), params.resource)
  const grantedScope = (await scopesForResource(db, resource, scope)).join(' ')
  const access = await mintAccessToken({ subject: user.id, clientId: client.id, scope: grantedScope, authTime: grant.authTime, now, audience: resource })
  // The successor keeps the grant's scope (RFC 6749 §6) as policy still allows it, not the narrowed one.
  const successor = newRefreshToken({ grant, clientId: client.id, userId: token.userId, scope: kept.join(' '), now, parentId: token.id })
  const writes = (retry: boolean): RotationWrites => ({
    now,
    accessToken: { jti: access.jti, grantId: grant.id, clientId: client.id, userId: user.id, expiresAt: access.expiresAt },
    successor: successor.row,
    audit: auditRow({ event: 'token.refreshed', actorUserId: token.userId, clientId: client.id, details: { scope: grantedScope, ...(retry ? { retry: true } : {}) } }, request, now),
  })
  const body = { ...accessTokenBody(access, grantedScope), refresh_token: successor.token }
  // Inside the request's deadline: a rotation whose client gave up must not commit later, or the
  // client's retry would meet a rotated token and the successor it never received.
  if (!token.rotatedAt && await withinDeadline(db, (executor) => rotateRefreshToken(executor, { ...writes(false), presentedId: token.id }))) return body

  // Rotated already: by an earlier request whose answer was lost, or by a concurrent one just now.
  // Without a grace period the concurrent request keeps its tokens and this one issues none.
  if (graceSeconds === 0) throw invalid('refresh token raced')
  const outcome = await invalidateAfter(db.transaction((tx) => reissueWithinGrace(tx, family, writes(true))), startNewRevocationEpoch)
  if (outcome === 'reissued') return body
  throw invalid(outcome === 'replayed' ? 'refresh token replayed' : 'refresh token or grant revoked')
}

interface Family { grantId: string; presentedId: string; actorUserId: string | null; clientId: string; request: RequestContext; now: Date; graceSeconds: number }

function withinGrace(rotatedAt: Date, now: Date, graceSeconds: number): boolean {
  return graceSeconds > 0 && now.getTime() - rotatedAt.getTime() <= graceSeconds * 1000
}

/**
 * The presented token was rotated already. Within the grace period, and while none of its
 * successors has been used, it yields a new successor that supersedes (revokes) the unused one:
 * the family never holds two usable refresh tokens. Otherwise it is replay and the family dies.
 * Runs under the grant's and the token's row locks, so concurrent retries take turns and a
 * successor's rotation in flight is waited for, on every instance.
 */
async function reissueWithinGrace(tx: Transaction, family: Family, writes: RotationWrites): Promise<'reissued' | 'replayed' | 'revoked'> {
  const locked = await lockRotatedRefreshToken(tx, family.grantId, family.presentedId)
  if (!locked || locked.grantRevoked || locked.revokedAt || !locked.rotatedAt) return 'revoked'
  if (!withinGrace(locked.rotatedAt, family.now, family.graceSeconds)) {
    await revokeFamily(tx, family, 'refresh token replayed after the grace period')
    return 'replayed'
  }
  await supersedeUnusedSuccessors(tx, family.presentedId, family.now)
  if (await successorWasUsed(tx, family.presentedId)) {
    await revokeFamily(tx, family, 'refresh token replayed after its successor was used')
    return 'replayed'
  }
  await storeGraceSuccessor(tx, writes)
  return 'reissued'
}

async function revokeFamily(tx: Transaction, family: Family, reason: string): Promise<void> {
  await revokeGrant(tx, family.grantId, family.now)
  await audit(tx, { event: 'refresh.reuse_detected', actorUserId: family.actorUserId, clientId: family.clientId, details: { grant_id: family.grantId, reason } }, family.request)
}
