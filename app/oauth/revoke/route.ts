import { protocolEndpoint } from '@/lib/http'
import { handleRevocationRequest } from '@/lib/oauth/revocation'

export const dynamic = 'force-dynamic'
export const POST = protocolEndpoint(handleRevocationRequest)
