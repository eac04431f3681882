// OpenID Connect RP-Initiated Logout 1.0: the decision is in lib/oauth/end-session.ts; this
// adapter reads the session and, when told to, ends it (server-side row + cookie).
import { database } from '@/db/client'
import { audit } from '@/lib/audit'
import { protocolEndpoint, readForm, readQuery } from '@/lib/http'
import { END_SESSION_PARAMETERS, decideEndSession } from '@/lib/oauth/end-session'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { redirectResponse } from '@/lib/oauth/errors'
import { requestContext } from '../../_server/context'
import { currentSession, stopSession } from '../../_server/session'

export const dynamic = 'force-dynamic'

async function handleLogout(request: Request): Promise<Response> {
  const params = request.method === 'POST' ? await readForm(request, END_SESSION_PARAMETERS) : readQuery(request, END_SESSION_PARAMETERS)
  const db = await database()
  const found = await currentSession()
  const decision = await decideEndSession(db, { method: request.method, params }, found ? { id: found.session.id, userId: found.user.id } : null)
  if (!decision.endSession) return decision.response
  const userId = await stopSession()
  if (userId) await audit(db, { event: 'user.logged_out', actorUserId: userId, clientId: decision.clientId, details: { via: 'rp_initiated_logout' } }, await requestContext())
  return redirectResponse(decision.redirectTo)
}

// A refused request never redirects (the target is not trusted): it renders a page.
const handler = protocolEndpoint(handleLogout, (error) => authorizationErrorPage('Logout failed', error.description, error.status))
export const GET = handler
export const POST = handler
