// OpenID Connect RP-Initiated Logout 1.0: the decision is in lib/oauth/endpoints/end-session.ts; this
// adapter reads the session and, when told to, ends it (server-side row + cookie).
import { database } from '@/db/client'
import { protocolEndpoint, readForm, readQuery } from '@/lib/http'
import { END_SESSION_PARAMETERS, decideEndSession } from '@/lib/oauth/endpoints/end-session'
import type { ProtocolRequest, ProtocolResponse } from '@/lib/contract'
import { oauthErrorPageResponse } from '@/lib/oauth/error-page'
import { redirectResponse } from '@/lib/response'
import { nextRoute } from '@/lib/web-adapter'
import { currentSession, logOutSession } from '../../_server/session'

export const dynamic = 'force-dynamic'

async function handleLogout(request: ProtocolRequest): Promise<ProtocolResponse> {
  const params = request.method === 'POST' ? await readForm(request, END_SESSION_PARAMETERS) : readQuery(request, END_SESSION_PARAMETERS)
  const db = await database()
  const found = await currentSession()
  const decision = await decideEndSession(db, { method: request.method, params }, found ? { id: found.session.id, userId: found.user.id } : null)
  if (!decision.endSession) return decision.response
  await logOutSession({ clientId: decision.clientId, details: { via: 'rp_initiated_logout' } })
  return redirectResponse(decision.redirectTo)
}

// A refused request never redirects (the target is not trusted): it renders a page.
const logout = protocolEndpoint(handleLogout, (error) => oauthErrorPageResponse('Logout failed', error))
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/oauth/logout', { GET: logout, POST: logout })
