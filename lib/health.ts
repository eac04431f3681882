// GET /api/health: liveness plus a database round trip (503 while the database is away).
import type { ProtocolResponse } from './contract'
import { sql } from 'drizzle-orm'
import { database } from '@/db/client'
import { noteDatabaseError } from '@/db/availability'
import { jsonResponse, noStoreHeaders, RETRY_AFTER_SECONDS } from './http'

export async function handleHealthRequest(): Promise<ProtocolResponse> {
  try {
    const db = await database()
    await withTimeout(db.execute(sql`select 1`), 1500)
    return jsonResponse({ status: 'ok' }, { headers: noStoreHeaders })
  } catch (error) {
    noteDatabaseError(error)
    return jsonResponse({ status: 'unavailable' }, { status: 503, headers: { ...noStoreHeaders, 'Retry-After': RETRY_AFTER_SECONDS } })
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms)
    promise.then((v) => { clearTimeout(timer); resolve(v) }, (e) => { clearTimeout(timer); reject(e) })
  })
}
