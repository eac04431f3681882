// Signing keys: generated at first start, stored in the database with the private part sealed
// under AUTH_SECRET, decrypted and imported once per process and cached. Other
// instances pick up a rotation on a short re-read interval, and at once on an unknown kid.
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { exportJWK, generateKeyPair, calculateJwkThumbprint, type JWK } from 'jose'
import type { Executor } from '@/db/client'
import { database } from '@/db/client'
import { insertSigningKey, listPublishedKeys, rotateOutKeys } from '@/db/queries/keys'
import type { SigningKey } from '@/db/schema'
import { config } from '../config'
import { seal, unseal } from '../crypto'
import { log } from '../log'
import { currentTime, nowMs } from '../clock'

/** ES256 signs access tokens (4× faster than RS256); RS256 signs ID tokens (OIDC Core §15.1 requires it). */
export type SigningAlgorithm = 'ES256' | 'RS256'
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['ES256', 'RS256']

export interface LoadedKey {
  kid: string
  alg: SigningAlgorithm
  publicJwk: JWK
  /** node:crypto key objects, imported once per key per process (lib/oauth/jws.ts signs and verifies). */
  privateKeyObject: KeyObject
  publicKeyObject: KeyObject
  createdAt: Date
  rotatedOutAt: Date | null
}

const SEAL_PURPOSE = 'signing-key'
export const KEY_REFRESH_INTERVAL_MS = 60_000
const UNKNOWN_KID_REFRESH_MS = 5_000

// `reloadNow`: this process changed the keys itself, so the next caller waits for the re-read
// instead of being served the cached set (a rotation must sign with the new key at once here).
interface Cache { keys: LoadedKey[]; loadedAt: number; loading?: Promise<LoadedKey[]>; lastForced: number; reloadNow?: boolean }
const holder = globalThis as unknown as { __gatehouseKeys?: Cache }
const cache = (): Cache => (holder.__gatehouseKeys ??= { keys: [], loadedAt: 0, lastForced: 0 })

export async function generateSigningKey(db: Executor, alg: SigningAlgorithm, now = currentTime()): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) })
  const publicJwk = await exportJWK(publicKey)
  const privateJwk = await exportJWK(privateKey)
  const kid = await calculateJwkThumbprint(publicJwk)
  await insertSigningKey(db, {
    kid,
    alg,
    publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
    privateJwkEncrypted: seal(JSON.stringify(privateJwk), config().authSecret, SEAL_PURPOSE),
    createdAt: now,
  })
  return kid
}

/** Adds a new key per algorithm that signs from now on; the old ones stay published. The caller
 * invalidates the key cache once its transaction has committed (a re-read before would miss them). */
export async function rotateSigningKeys(db: Executor, now = currentTime()): Promise<string[]> {
  const kids: string[] = []
  for (const alg of SIGNING_ALGORITHMS) {
    const kid = await generateSigningKey(db, alg, now)
    await rotateOutKeys(db, alg, kid, now)
    kids.push(kid)
  }
  return kids
}

async function importKey(row: SigningKey): Promise<LoadedKey> {
  const alg = row.alg as SigningAlgorithm
  let privateJwk: JWK
  try {
    privateJwk = JSON.parse(unseal(row.privateJwkEncrypted, config().authSecret, SEAL_PURPOSE)) as JWK
  } catch {
    throw new Error(`Signing key ${row.kid} cannot be decrypted: AUTH_SECRET differs from the one the keys were created under. Use the original AUTH_SECRET (every instance must share it).`)
  }
  return {
    kid: row.kid,
    alg,
    publicJwk: row.publicJwk as JWK,
    privateKeyObject: createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' }),
    publicKeyObject: createPublicKey({ key: row.publicJwk as JsonWebKey, format: 'jwk' }),
    createdAt: row.createdAt,
    rotatedOutAt: row.rotatedOutAt,
  }
}

/** The longest a token signed by a key can stay valid: a rotated-out key must stay published
 * that long after it stopped signing, and no longer. */
export function longestTokenLifetimeSeconds(): number {
  const settings = config()
  return Math.max(settings.ACCESS_TOKEN_TTL, settings.ID_TOKEN_TTL)
}

/** Keys rotated out before this instant signed only tokens that have expired: they leave the JWKS. */
export function publicationCutoff(now: Date): Date {
  return new Date(now.getTime() - longestTokenLifetimeSeconds() * 1000)
}

async function loadKeys(): Promise<LoadedKey[]> {
  const db = await database()
  let rows = await listPublishedKeys(db, publicationCutoff(currentTime()))
  let generated = false
  for (const alg of SIGNING_ALGORITHMS) {
    if (!rows.some((row) => row.alg === alg && !row.rotatedOutAt)) {
      await generateSigningKey(db, alg)
      log.info('signing key generated', { alg })
      generated = true
    }
  }
  if (generated) rows = await listPublishedKeys(db, publicationCutoff(currentTime()))
  const previous = new Map(cache().keys.map((key) => [key.kid, key]))
  // Reuse imported keys: decryption and import happen once per key per process.
  return Promise.all(rows.map((row) => {
    const known = previous.get(row.kid)
    return known ? { ...known, rotatedOutAt: row.rotatedOutAt } : importKey(row)
  }))
}

async function refresh(): Promise<LoadedKey[]> {
  const state = cache()
  state.loading ??= loadKeys().then((keys) => {
    state.keys = keys
    state.loadedAt = nowMs()
    state.reloadNow = false
    return keys
  }).finally(() => { state.loading = undefined })
  return state.loading
}

/** The published keys when the cache can answer at once (an old set also starts a re-read in
 * the background, so a slow database never stalls signing); undefined when they must be read
 * first. Synchronous, so the hot paths pay no promise for a cache hit. */
export function peekPublishedKeys(): LoadedKey[] | undefined {
  const state = cache()
  if (state.reloadNow || !state.keys.length) return undefined
  if (nowMs() - state.loadedAt >= KEY_REFRESH_INTERVAL_MS) void refresh().catch(() => {})
  return state.keys
}

/** Published keys, re-read from the database at most every KEY_REFRESH_INTERVAL_MS. */
export async function loadPublishedKeys(): Promise<LoadedKey[]> {
  return peekPublishedKeys() ?? refresh()
}

const isCurrent = (alg: SigningAlgorithm) => (candidate: LoadedKey) => candidate.alg === alg && !candidate.rotatedOutAt

/** The newest key of an algorithm that has not been rotated out, when the cache holds it. */
export function peekSigningKey(alg: SigningAlgorithm): LoadedKey | undefined {
  return peekPublishedKeys()?.find(isCurrent(alg))
}

/** The newest key of an algorithm that has not been rotated out. */
export async function loadSigningKey(alg: SigningAlgorithm): Promise<LoadedKey> {
  const key = (await loadPublishedKeys()).find(isCurrent(alg))
  if (key) return key
  return (await refresh()).find(isCurrent(alg))!
}

/** The key for a kid; an unknown kid triggers one re-read (rate-limited) so rotations elsewhere are seen. */
export async function loadVerificationKey(kid: string): Promise<LoadedKey | null> {
  const found = (await loadPublishedKeys()).find((key) => key.kid === kid)
  if (found) return found
  const state = cache()
  if (nowMs() - state.lastForced < UNKNOWN_KID_REFRESH_MS) return null
  state.lastForced = nowMs()
  return (await refresh()).find((key) => key.kid === kid) ?? null
}

export function invalidateKeyCache(): void {
  const state = cache()
  state.loadedAt = 0
  state.reloadNow = true
  // A read already in flight may predate the change: start a new one.
  state.loading = undefined
}
