import { database } from '@/db/client'
import { protocolEndpoint } from '@/lib/http'
import { handleAuthorizationRequest } from '@/lib/oauth/authorize'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { browserSession } from '../../_server/protocol'

export const dynamic = 'force-dynamic'

// Errors before the redirect URI is trusted must never redirect: render a page instead.
const handler = protocolEndpoint(
  async (request) => handleAuthorizationRequest(await database(), request, await browserSession()),
  (error) => authorizationErrorPage('Something went wrong', error.description, error.status),
)

export const GET = handler
export const POST = handler
