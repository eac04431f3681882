// Bearer access to Gatehouse's administrative JSON APIs: a token carrying the `admin` scope
// whose holder is an administrator now — a user's token, or a client's own token
// (client_credentials) whose owner is one. A scope granted yesterday does not outlive the role.
import type { Executor } from '@/db/client'
import { findClientById } from '@/db/queries/clients'
import { findUserById } from '@/db/queries/users'
import type { ProtocolRequest, ProtocolResponse } from '../contract'
import { ADMIN_PERMISSION } from '../admin/permissions'
import { authenticateBearer, isClientToken, requireScope } from '../oauth/tokens/bearer'
import { OAuthError, bearerErrorResponse, oauthErrorResponse } from '../oauth/errors'

/** The administrator acting (a user id), or null when no token was sent at all (RFC 6750 §3.1). */
export async function authenticateAdministrator(db: Executor, request: ProtocolRequest): Promise<{ actorUserId: string } | null> {
  const claims = await authenticateBearer(db, request)
  if (!claims) return null
  requireScope(claims, ADMIN_PERMISSION)
  const ownerId = isClientToken(claims) ? (await findClientById(db, claims.client_id))?.ownerId ?? null : claims.sub
  const user = ownerId ? await findUserById(db, ownerId) : null
  if (!user || !user.isAdmin || user.disabledAt) throw new OAuthError('insufficient_scope', `The access token lacks the ${ADMIN_PERMISSION} scope`, 'holder is not an administrator')
  return { actorUserId: user.id }
}

/** Token problems as an RFC 6750 §3 challenge; refused input and everything else as JSON. */
export function renderAdministratorApiError(error: OAuthError): ProtocolResponse {
  return error.code === 'invalid_token' || error.code === 'insufficient_scope' ? bearerErrorResponse(error) : oauthErrorResponse(error)
}
