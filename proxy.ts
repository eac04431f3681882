// Runs before every page, server action and route handler that Next serves (both serving modes):
// malformed addresses, cross-site form posts and unusable form bodies are refused here, before
// any page code runs (the request line itself is checked earlier, lib/request-line.ts), and a
// configuration that cannot serve answers 503 naming the variables to set; then,
// except on the machine endpoints, which answer their own 503 JSON, a styled 503 instead of a
// page that would fail halfway.
import type { NextRequest } from 'next/server'
import { config as settings } from '@/lib/config'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { OAuthError, oauthErrorResponse } from '@/lib/oauth/errors'
import { toWebResponse } from '@/lib/response'
import { bodyProblem, isCleanPath, isProtocolPath, pageRequestProblem } from '@/lib/request-target'
import { startupProblem, startupProblemResponse } from '@/lib/startup-problem'
import { unavailablePageIfDatabaseDown } from '@/lib/unavailable-page'

const ANSWERS_ITS_OWN_OUTAGE = /^\/(api\/|\.well-known\/|oauth\/(token|revoke|introspect|userinfo)|favicon\.ico)/

export async function proxy(request: NextRequest): Promise<Response | undefined> {
  const url = new URL(request.url)
  // Before anything reads the configuration: a server that cannot serve says what to set.
  const startup = startupProblem()
  if (startup) return startupProblemResponse(startup, isProtocolPath(url.pathname))
  const problem = pageRequestProblem(request.method, url.pathname + url.search, request.headers, settings().ISSUER)
  if (problem) return authorizationErrorPage(problem.status === 403 ? 'Refused' : 'Bad request', problem.message, problem.status)
  // A machine endpoint's path parameter that cannot be decoded: its RFC error JSON, never Next's
  // 500 from decoding the route parameter.
  if (isProtocolPath(url.pathname) && !isCleanPath(url.pathname)) {
    return toWebResponse(oauthErrorResponse(new OAuthError('invalid_request', 'The request path is malformed')))
  }
  const badBody = await bodyProblem(request)
  if (badBody) {
    if (!isProtocolPath(url.pathname)) return authorizationErrorPage('Bad request', badBody, 400)
    return toWebResponse(oauthErrorResponse(new OAuthError('invalid_request', badBody.replace(/\.$/, ''))))
  }
  return ANSWERS_ITS_OWN_OUTAGE.test(url.pathname) ? undefined : unavailablePageIfDatabaseDown()
}

export const config = {
  matcher: '/((?!_next/static|_next/image).*)',
}
