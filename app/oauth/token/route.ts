import { protocolEndpoint } from '@/lib/http'
import { handleTokenRequest } from '@/lib/oauth/token'

export const dynamic = 'force-dynamic'
export const POST = protocolEndpoint(handleTokenRequest)
