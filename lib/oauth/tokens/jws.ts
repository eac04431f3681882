// Compact JWS (RFC 7515 §7.1) signed and verified with node:crypto on libuv's thread pool.
// jose's WebCrypto path costs far more per call (promises, key handles); the synchronous
// node:crypto call is cheap but holds the event loop for the whole signature (measured: about a
// tenth of a client_credentials request). Here the main thread only queues the job (about a
// quarter of the synchronous cost), and the signature itself runs beside it on another core.
import { sign, verify, type KeyObject } from 'node:crypto'

export type JwsAlgorithm = 'ES256' | 'RS256'

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

// ES256 signatures are the raw r‖s pair in JWS (RFC 7518 §3.4), not DER.
function signatureOptions(alg: JwsAlgorithm, key: KeyObject) {
  return alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key
}

// Order of the P-256 group (SEC 2 §2.4.2). For every valid (r, s), (r, n − s) verifies too; only
// the low-S form (s ≤ n/2) is accepted, so a signature cannot be altered into a second valid one.
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const P256_HALF_ORDER = P256_ORDER >> 1n

function isHighS(signature: Buffer): boolean {
  return BigInt(`0x${signature.subarray(32).toString('hex')}`) > P256_HALF_ORDER
}

// ECDSA signing picks s at random between the twins; ours always go out in the low-S form that
// verifySignature demands.
function lowS(signature: Buffer): Buffer {
  if (!isHighS(signature)) return signature
  const s = P256_ORDER - BigInt(`0x${signature.subarray(32).toString('hex')}`)
  return Buffer.concat([signature.subarray(0, 32), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')])
}

export function signCompact(header: Record<string, unknown> & { alg: JwsAlgorithm }, payload: Record<string, unknown>, key: KeyObject): Promise<string> {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(signingInput, 'ascii'), signatureOptions(header.alg, key), (error, signature) => {
      if (error) reject(error)
      else resolve(`${signingInput}.${(header.alg === 'ES256' ? lowS(signature) : signature).toString('base64url')}`)
    })
  })
}

export interface DecodedJws { header: Record<string, unknown>; payload: Record<string, unknown>; signingInput: string; signature: Buffer }

const SEGMENT = /^[A-Za-z0-9_-]+$/

function decodeJson(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : null
  } catch {
    return null
  }
}

/** Splits and parses a compact JWS without trusting it; null when it is not one. */
export function decodeCompact(token: string): DecodedJws | null {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) return null
  const header = decodeJson(parts[0])
  const payload = decodeJson(parts[1])
  if (!header || !payload) return null
  return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') }
}

/** True when the signature is valid for `alg` under `key`. The header's own alg must match
 * (RFC 8725 §3.1: never let the token choose the algorithm). */
export function verifySignature(decoded: DecodedJws, alg: JwsAlgorithm, key: KeyObject): Promise<boolean> {
  if (decoded.header.alg !== alg) return Promise.resolve(false)
  if (alg === 'ES256' && (decoded.signature.length !== 64 || isHighS(decoded.signature))) return Promise.resolve(false)
  return new Promise((resolve) => {
    try {
      verify('sha256', Buffer.from(decoded.signingInput, 'ascii'), signatureOptions(alg, key), decoded.signature, (error, valid) => resolve(!error && valid))
    } catch {
      resolve(false)
    }
  })
}
