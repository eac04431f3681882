// GET /.well-known/jwks.json (RFC 7517 §5): every published public key with its kid.
import type { ProtocolResponse } from '../../contract'
import { jsonResponse } from '../../http'
import { KEY_REFRESH_INTERVAL_MS, loadPublishedKeys } from '../../keys/store'

export async function handleJwksRequest(): Promise<ProtocolResponse> {
  const keys = await loadPublishedKeys()
  // Cacheable, but no longer than other instances take to notice a rotation.
  const maxAge = Math.floor(KEY_REFRESH_INTERVAL_MS / 1000)
  return jsonResponse({ keys: keys.map((key) => key.publicJwk) }, {
    headers: { 'Cache-Control': `public, max-age=${maxAge}`, 'Access-Control-Allow-Origin': '*' },
  })
}
