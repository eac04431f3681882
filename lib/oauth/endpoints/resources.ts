// /api/resources: Gatehouse's sample protected resource (bearer tokens per RFC 6750).
import type { ProtocolRequest, ProtocolResponse } from '../../contract'
import { database } from '@/db/client'
import { jsonResponse } from '../../http'
import { authenticateBearer, renderBearerError } from '../tokens/bearer'
import { OAuthError, bearerErrorResponse } from '../errors'
import { withResourceMetadata } from '../../machine/protected-resource'

/** Challenges point to the RFC 9728 metadata, where a client finds the authorization server. */
export async function handleResourceRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  return withResourceMetadata(await answerResourceRequest(request))
}

async function answerResourceRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  try {
    const claims = await authenticateBearer(await database(), request)
    if (!claims) return bearerErrorResponse(null)
    return jsonResponse({ message: 'Verify access token successful' }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    // Token problems as an RFC 6750 §3 challenge, the one rendering every bearer endpoint uses.
    if (error instanceof OAuthError) return renderBearerError(error)
    throw error
  }
}
