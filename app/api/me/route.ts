import { protocolEndpoint } from '@/lib/http'
import { handleMeRequest } from '@/lib/oauth/me'
import { renderBearerError } from '@/lib/oauth/bearer'

export const dynamic = 'force-dynamic'
export const GET = protocolEndpoint(handleMeRequest, renderBearerError)
