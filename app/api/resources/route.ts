import { protocolEndpoint } from '@/lib/http'
import { handleResourceRequest } from '@/lib/resources'

export const dynamic = 'force-dynamic'
const handler = protocolEndpoint(handleResourceRequest)
export const GET = handler
export const POST = handler
