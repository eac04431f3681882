import { protocolEndpoint } from '@/lib/http'
import { handleJwksRequest } from '@/lib/keys/jwks'

export const dynamic = 'force-dynamic'
export const GET = protocolEndpoint(handleJwksRequest)
