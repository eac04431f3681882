import { database } from '@/db/client'
import { protocolEndpoint } from '@/lib/http'
import { handleDiscoveryRequest } from '@/lib/oauth/discovery'

export const dynamic = 'force-dynamic'
export const GET = protocolEndpoint(async () => handleDiscoveryRequest(await database()))
