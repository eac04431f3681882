// Runs before every page, server action and route handler that Next serves (both serving modes):
// malformed addresses, cross-site form posts and unreadable form bodies are refused here, before
// any page code runs. The request line itself is checked earlier (lib/request-line.ts).
import type { NextRequest } from 'next/server'
import { config as settings } from '@/lib/config'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { OAuthError, oauthErrorResponse } from '@/lib/oauth/errors'
import { hasUnreadableForm, isProtocolPath, pageRequestProblem } from '@/lib/request-target'

export async function proxy(request: NextRequest): Promise<Response | undefined> {
  const url = new URL(request.url)
  const problem = pageRequestProblem(request.method, url.pathname + url.search, request.headers, settings().ISSUER)
  if (problem) return authorizationErrorPage(problem.status === 403 ? 'Refused' : 'Bad request', problem.message, problem.status)
  if (await hasUnreadableForm(request)) {
    // Next would try the body as a server action form on any path it renders, even a 404.
    if (!isProtocolPath(url.pathname)) return authorizationErrorPage('Bad request', 'The form could not be read.', 400)
    return oauthErrorResponse(new OAuthError('invalid_request', 'The request body could not be read'))
  }
  return undefined
}

export const config = {
  matcher: '/((?!_next/static|_next/image).*)',
}
