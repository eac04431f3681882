// Runs before every page, server action and route handler that Next serves (both serving modes):
// malformed addresses, cross-site form posts and unusable form bodies are refused here, before
// any page code runs. The request line itself is checked earlier (lib/request-line.ts).
import type { NextRequest } from 'next/server'
import { config as settings } from '@/lib/config'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { OAuthError, oauthErrorResponse } from '@/lib/oauth/errors'
import { bodyProblem, isProtocolPath, pageRequestProblem } from '@/lib/request-target'

export async function proxy(request: NextRequest): Promise<Response | undefined> {
  const url = new URL(request.url)
  const problem = pageRequestProblem(request.method, url.pathname + url.search, request.headers, settings().ISSUER)
  if (problem) return authorizationErrorPage(problem.status === 403 ? 'Refused' : 'Bad request', problem.message, problem.status)
  const badBody = await bodyProblem(request)
  if (badBody) {
    if (!isProtocolPath(url.pathname)) return authorizationErrorPage('Bad request', badBody, 400)
    return oauthErrorResponse(new OAuthError('invalid_request', badBody.replace(/\.$/, '')))
  }
  return undefined
}

export const config = {
  matcher: '/((?!_next/static|_next/image).*)',
}
