import { protocolEndpoint } from '@/lib/http'
import { renderBearerError } from '@/lib/oauth/bearer'
import { handleUserinfoRequest } from '@/lib/oauth/userinfo'

export const dynamic = 'force-dynamic'
const handler = protocolEndpoint(handleUserinfoRequest, renderBearerError)
export const GET = handler
export const POST = handler
