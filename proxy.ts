// Runs before every page, server action and route handler that Next serves (both serving modes):
// malformed addresses, cross-site form posts and unreadable form bodies are refused here, before
// any page code runs. The request line itself is checked earlier (lib/request-line.ts).
import type { NextRequest } from 'next/server'
import { config as settings } from '@/lib/config'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { hasUnreadableForm, isProtocolPath, pageRequestProblem } from '@/lib/request-target'

export async function proxy(request: NextRequest): Promise<Response | undefined> {
  const url = new URL(request.url)
  const problem = pageRequestProblem(request.method, url.pathname + url.search, request.headers, settings().ISSUER)
  if (problem) return authorizationErrorPage(problem.status === 403 ? 'Refused' : 'Bad request', problem.message, problem.status)
  if (!isProtocolPath(url.pathname) && await hasUnreadableForm(request)) return authorizationErrorPage('Bad request', 'The form could not be read.', 400)
  return undefined
}

export const config = {
  matcher: '/((?!_next/static|_next/image).*)',
}
