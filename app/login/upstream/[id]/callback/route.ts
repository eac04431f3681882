import { database } from '@/db/client'
import { passwordChangeUrl, safeReturnTo } from '@/lib/auth/accounts'
import type { ProtocolRequest } from '@/lib/contract'
import { pathOf, protocolEndpoint, queryOf } from '@/lib/http'
import { errorPageResponse } from '@/lib/oauth/error-page'
import { redirectResponse } from '@/lib/response'
import { completeUpstreamSignIn } from '@/lib/upstream/sign-in'
import { upstreamErrorUrl } from '@/lib/upstream/error-page'
import { nextRoute } from '@/lib/web-adapter'
import { requestContext } from '../../../../_server/context'
import { currentSession, startSession } from '../../../../_server/session'
import { takeUpstreamFlowCookie } from '../../../../_server/upstream-flow'

export const dynamic = 'force-dynamic'

// The provider's answer. A success starts the session as a password login does and goes on where
// the person was going (a pending authorization resumes there); every failure lands on a page.
const callback = protocolEndpoint(async (request: ProtocolRequest) => {
  const providerId = decodeURIComponent(pathOf(request.url).split('/')[3] ?? '')
  const sealedFlow = await takeUpstreamFlowCookie()
  const signedIn = (await currentSession())?.user ?? null
  const outcome = await completeUpstreamSignIn(await database(), providerId, queryOf(request.url), sealedFlow, signedIn, await requestContext())
  if (outcome.kind === 'failed') return redirectResponse(upstreamErrorUrl(outcome.reason, outcome.returnTo))
  if (outcome.kind === 'linked') return redirectResponse(safeReturnTo(outcome.returnTo))
  await startSession(outcome.user.id)
  const returnTo = safeReturnTo(outcome.returnTo)
  return redirectResponse(outcome.user.mustChangePassword ? passwordChangeUrl(returnTo) : returnTo)
}, (error) => errorPageResponse('Something went wrong', error.description, error.status))

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/login/upstream/[id]/callback', { GET: callback })
