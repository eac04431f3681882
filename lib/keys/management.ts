// Key rotation from the shell and the admin pages: rotate adds a new
// key per algorithm that signs from now on; retire takes a rotated-out key out of the JWKS early.
// Keys rotated out longer ago than the longest token lifetime leave the JWKS by themselves
// (publicationCutoff in store.ts), so retiring is only needed to drop a key sooner, e.g. after a leak.
import type { Database } from '@/db/client'
import { findSigningKey, listAllKeys, retireKey } from '@/db/queries/keys'
import { audit, type RequestContext } from '../audit'
import { invalidateKeyCache, longestTokenLifetimeSeconds, rotateSigningKeys } from './store'
import { currentTime } from '../clock'

export interface KeySummary {
  kid: string
  alg: string
  createdAt: Date
  rotatedOutAt: Date | null
  retiredAt: Date | null
  /** Until when tokens this key signed may still be valid; null while it still signs. */
  tokensValidUntil: Date | null
}

/** A refusal the operator can act on; the message says what to do. */
export class KeyManagementError extends Error {}

function tokensValidUntil(rotatedOutAt: Date | null): Date | null {
  return rotatedOutAt ? new Date(rotatedOutAt.getTime() + longestTokenLifetimeSeconds() * 1000) : null
}

export async function listKeys(db: Database): Promise<KeySummary[]> {
  const rows = await listAllKeys(db)
  return rows.map((row) => ({
    kid: row.kid, alg: row.alg, createdAt: row.createdAt, rotatedOutAt: row.rotatedOutAt, retiredAt: row.retiredAt,
    tokensValidUntil: tokensValidUntil(row.rotatedOutAt),
  }))
}

/** New keys for every algorithm; the previous ones stop signing but stay published. */
export async function rotateKeys(db: Database, context: RequestContext & { actorUserId?: string | null } = {}, now = currentTime()): Promise<string[]> {
  const kids = await db.transaction(async (tx) => {
    const created = await rotateSigningKeys(tx, now)
    await audit(tx, { event: 'key.rotated', actorUserId: context.actorUserId ?? null, details: { kids: created } }, context)
    return created
  })
  invalidateKeyCache()
  return kids
}

/**
 * Removes a rotated-out key from the JWKS. Refused for a key that still signs, and, unless
 * `force`, while tokens it signed may still be valid (they would be refused from then on).
 */
export async function retireSigningKey(db: Database, kid: string, options: { force?: boolean; now?: Date; context?: RequestContext & { actorUserId?: string | null } } = {}): Promise<void> {
  const now = options.now ?? currentTime()
  const key = await findSigningKey(db, kid)
  if (!key) throw new KeyManagementError(`No signing key with kid ${kid}.`)
  if (key.retiredAt) throw new KeyManagementError(`Key ${kid} is already retired.`)
  if (!key.rotatedOutAt) throw new KeyManagementError(`Key ${kid} still signs tokens: rotate first (npm run keys -- rotate), then retire it.`)
  const validUntil = tokensValidUntil(key.rotatedOutAt)!
  if (validUntil > now && !options.force) {
    throw new KeyManagementError(`Tokens signed by ${kid} may be valid until ${validUntil.toISOString()}; retiring it now refuses them. Use --force to retire it anyway.`)
  }
  await db.transaction(async (tx) => {
    if (!(await retireKey(tx, kid, now))) throw new KeyManagementError(`Key ${kid} could not be retired (changed meanwhile).`)
    await audit(tx, { event: 'key.retired', actorUserId: options.context?.actorUserId ?? null, details: { kid, forced: Boolean(options.force) && validUntil > now } }, options.context ?? {})
  })
  invalidateKeyCache()
}
