// /api/resources: Gatehouse's sample protected resource (SPEC §3).
import { database } from '@/db/client'
import { jsonResponse } from './http'
import { authenticateBearer } from './oauth/bearer'
import { OAuthError, bearerErrorResponse } from './oauth/errors'

export async function handleResourceRequest(request: Request): Promise<Response> {
  try {
    const claims = await authenticateBearer(await database(), request)
    if (!claims) return bearerErrorResponse(null)
    return jsonResponse({ message: 'Verify access token successful' }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (error instanceof OAuthError && (error.code === 'invalid_token' || error.code === 'invalid_request')) return bearerErrorResponse(error)
    throw error
  }
}
