import { database } from '@/db/client'
import { protocolEndpoint } from '@/lib/http'
import { authorizationStepResponse } from '@/lib/oauth/authorization-step'
import { startAuthorization } from '@/lib/oauth/endpoints/authorize'
import { oauthErrorPageResponse } from '@/lib/oauth/error-page'
import { nextRoute } from '@/lib/web-adapter'
import { browserSession } from '../../_server/protocol'

export const dynamic = 'force-dynamic'

// Errors before the redirect URI is trusted must never redirect: render a page instead.
const authorize = protocolEndpoint(
  async (request) => authorizationStepResponse(await startAuthorization(await database(), request, await browserSession())),
  (error) => oauthErrorPageResponse('Something went wrong', error),
)

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/oauth/authorize', { GET: authorize, POST: authorize })
