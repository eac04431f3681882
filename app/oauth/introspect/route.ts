import { protocolEndpoint } from '@/lib/http'
import { handleIntrospectionRequest } from '@/lib/oauth/introspection'

export const dynamic = 'force-dynamic'
export const POST = protocolEndpoint(handleIntrospectionRequest)
