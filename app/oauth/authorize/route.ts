import { database } from '@/db/client'
import { protocolEndpoint } from '@/lib/http'
import { handleAuthorizationRequest } from '@/lib/oauth/endpoints/authorize'
import { oauthErrorPageResponse } from '@/lib/oauth/error-page'
import { fromWebResponse } from '@/lib/response'
import { nextRoute } from '@/lib/web-adapter'
import { browserSession } from '../../_server/protocol'

export const dynamic = 'force-dynamic'

// Errors before the redirect URI is trusted must never redirect: render a page instead.
const authorize = protocolEndpoint(
  async (request) => fromWebResponse(await handleAuthorizationRequest(await database(), request, await browserSession())),
  (error) => oauthErrorPageResponse('Something went wrong', error),
)

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/oauth/authorize', { GET: authorize, POST: authorize })
