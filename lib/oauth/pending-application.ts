// Which application a login or sign-up page is serving, so that the page can name it. The page
// only knows where it returns to; when that is a stored authorization request, the request (kept
// on the server, never trusted from the URL beyond its id) names the client.
import type { Database } from '@/db/client'
import { findAuthorizationRequest } from '@/db/queries/authorization-requests'
import { findClientById } from '@/db/queries/clients'
import { findUserById } from '@/db/queries/users'
import { currentTime } from '../clock'

export interface PendingApplication { name: string; developer: string }

const CONTINUE_PATH = '/oauth/authorize/continue'

/** The request id a local return path carries, when it continues an authorization; else null. */
export function pendingRequestId(returnTo: string): string | null {
  let url: URL
  try {
    url = new URL(returnTo, 'http://gatehouse.invalid')
  } catch {
    return null
  }
  if (url.origin !== 'http://gatehouse.invalid' || url.pathname !== CONTINUE_PATH) return null
  const id = url.searchParams.get('request') ?? ''
  // Ids are randomToken() output (base64url): anything else never reaches a query.
  return /^[A-Za-z0-9_-]{20,64}$/.test(id) ? id : null
}

/** The application and its developer behind a pending authorization; null when there is none. */
export async function pendingApplication(db: Database, returnTo: string, now = currentTime()): Promise<PendingApplication | null> {
  const id = pendingRequestId(returnTo)
  if (!id) return null
  const request = await findAuthorizationRequest(db, id, now)
  if (!request) return null
  const client = await findClientById(db, request.clientId)
  if (!client || client.disabledAt) return null
  const owner = client.ownerId ? await findUserById(db, client.ownerId) : null
  return { name: client.name, developer: owner?.username ?? 'Gatehouse administrators' }
}
