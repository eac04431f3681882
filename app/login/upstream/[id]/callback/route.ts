import { database } from '@/db/client'
import { safeReturnTo } from '@/lib/auth/accounts'
import type { ProtocolRequest } from '@/lib/contract'
import { pathOf, protocolEndpoint, queryOf } from '@/lib/http'
import { errorPageResponse } from '@/lib/oauth/error-page'
import { redirectResponse } from '@/lib/response'
import { completeUpstreamSignIn } from '@/lib/upstream/sign-in'
import { upstreamErrorUrl } from '@/lib/upstream/error-page'
import { nextRoute } from '@/lib/web-adapter'
import { requestContext } from '../../../../_server/context'
import { currentSession } from '../../../../_server/session'
import { nextAfterFirstFactor } from '../../../../_server/sign-in'
import { takeUpstreamFlowCookie } from '../../../../_server/upstream-flow'

export const dynamic = 'force-dynamic'

// The provider's answer. A success is a first factor like a password: an account with a second
// factor is asked for it before any session exists (else whoever controls the upstream account
// would bypass it), then the person goes on where they were going (a pending authorization
// resumes there); every failure lands on a page.
const callback = protocolEndpoint(async (request: ProtocolRequest) => {
  const providerId = decodeURIComponent(pathOf(request.url).split('/')[3] ?? '')
  const sealedFlow = await takeUpstreamFlowCookie()
  const signedIn = (await currentSession())?.user ?? null
  const outcome = await completeUpstreamSignIn(await database(), providerId, queryOf(request.url), sealedFlow, signedIn, await requestContext())
  if (outcome.kind === 'failed') return redirectResponse(upstreamErrorUrl(outcome.reason, outcome.returnTo))
  if (outcome.kind === 'linked') return redirectResponse(safeReturnTo(outcome.returnTo))
  return redirectResponse(await nextAfterFirstFactor(outcome.user, outcome.amr, safeReturnTo(outcome.returnTo)))
}, (error) => errorPageResponse('Something went wrong', error.description, error.status))

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/login/upstream/[id]/callback', { GET: callback })
