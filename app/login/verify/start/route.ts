import { database } from '@/db/client'
import type { ProtocolRequest } from '@/lib/contract'
import { hasSecondFactor } from '@/lib/factors/enrolment'
import { enrolmentUrl } from '@/lib/factors/policy'
import { protocolEndpoint, queryOf } from '@/lib/http'
import { continueAuthorizationPath } from '@/lib/oauth/authorization-step'
import { errorPageResponse } from '@/lib/oauth/error-page'
import { redirectResponse } from '@/lib/response'
import { nextRoute } from '@/lib/web-adapter'
import { currentSession } from '../../../_server/session'
import { startPending } from '../../../_server/sign-in'

export const dynamic = 'force-dynamic'

// Step-up: an authorization asked for a second factor the session lacks. The signed-in user
// proves one on the second-step page, whose success replaces the session with one that carries
// both factors, then the stored request goes on. A route handler, not a page: it sets the
// pending step's cookie.
const start = protocolEndpoint(async (request: ProtocolRequest) => {
  const requestId = (new URLSearchParams(queryOf(request.url)).get('request') ?? '').slice(0, 64)
  const returnTo = continueAuthorizationPath(requestId)
  const found = await currentSession()
  // Signed out meanwhile: the stored request asks for a sign-in again.
  if (!found) return redirectResponse(returnTo)
  // Nothing to prove yet: the account page sets a factor up, then offers to continue.
  if (!(await hasSecondFactor(await database(), found.user.id))) return redirectResponse(enrolmentUrl(returnTo))
  await startPending({ purpose: 'second_factor', userId: found.user.id, amr: found.session.amr, returnTo })
  return redirectResponse('/login/verify')
}, (error) => errorPageResponse('Something went wrong', error.description, error.status))

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/login/verify/start', { GET: start })
