// GET /api/cleanup: one cleanup pass for an outside scheduler (Vercel Cron sends
// `Authorization: Bearer $CRON_SECRET`). Off (404) unless CRON_SECRET is set. The secret is at
// least 32 characters, so it cannot be guessed however often one tries; it is compared in
// constant time.
import { database } from '@/db/client'
import { runCleanup } from './cleanup'
import { config } from './config'
import { constantTimeEqual, sha256 } from './crypto'
import type { ProtocolRequest, ProtocolResponse } from './contract'
import { remainingMs } from './deadline'
import { jsonResponse, noStoreHeaders } from './response'
import { log } from './log'

/** A pass stops starting batches when less than this is left of the request's deadline. */
const STOP_MARGIN_MS = 1000

function authorized(header: string | null, secret: string): boolean {
  // Digests first: equal lengths whatever was sent, so the comparison time says nothing.
  return header !== null && constantTimeEqual(sha256(header), sha256(`Bearer ${secret}`))
}

export async function handleCleanupRequest(request: ProtocolRequest): Promise<ProtocolResponse> {
  const secret = config().CRON_SECRET
  if (!secret) return jsonResponse({ error: 'not_found', error_description: 'No such endpoint' }, { status: 404, headers: noStoreHeaders })
  if (!authorized(request.headers.get('authorization'), secret)) {
    log.warn('cleanup request refused: wrong or missing cron secret')
    return jsonResponse({ error: 'unauthorized', error_description: 'A valid cron secret is required' }, {
      status: 401,
      headers: { ...noStoreHeaders, 'WWW-Authenticate': 'Bearer realm="gatehouse-cron"' },
    })
  }
  let stoppedEarly = false
  const shouldStop = () => (stoppedEarly ||= (remainingMs() ?? Infinity) < STOP_MARGIN_MS)
  const deleted = await runCleanup(await database(), { shouldStop })
  log.info('cleanup done', { deleted, trigger: 'cron', complete: !stoppedEarly })
  // Not complete: the rest waits for the next call, as with the timer's batch limit.
  return jsonResponse({ deleted, complete: !stoppedEarly }, { headers: noStoreHeaders })
}
