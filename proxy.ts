// Runs before every page, server action and route handler that Next serves (both serving modes):
// malformed addresses and cross-site form posts are refused here, before any page code runs.
import type { NextRequest } from 'next/server'
import { config as settings } from '@/lib/config'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { pageRequestProblem } from '@/lib/request-target'

export function proxy(request: NextRequest): Response | undefined {
  const url = new URL(request.url)
  const problem = pageRequestProblem(request.method, url.pathname + url.search, request.headers, settings().ISSUER)
  if (problem) return authorizationErrorPage(problem.status === 403 ? 'Refused' : 'Bad request', problem.message, problem.status)
  return undefined
}

export const config = {
  matcher: '/((?!_next/static|_next/image).*)',
}
