import { database } from '@/db/client'
import { protocolEndpoint } from '@/lib/http'
import { authorizationErrorPage } from '@/lib/oauth/error-page'
import { continueAuthorization } from '@/lib/oauth/interaction'
import { browserSession } from '../../../_server/protocol'
import { requestContext } from '../../../_server/context'

export const dynamic = 'force-dynamic'

// Where /login sends the browser back to: picks up the stored request by id.
export const GET = protocolEndpoint(
  async (request) => continueAuthorization(await database(), new URL(request.url).searchParams.get('request') ?? '', await browserSession(), { context: await requestContext() }),
  (error) => authorizationErrorPage('Something went wrong', error.description, error.status),
)
