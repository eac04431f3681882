// Secrets at rest are SHA-256 hashes of high-entropy random values (a leaked table yields nothing usable);
// private key material is sealed with AES-256-GCM under a key derived from AUTH_SECRET.
import { createCipheriv, createDecipheriv, createHash, hash, hkdfSync, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto'

// Random bytes are drawn from the CSPRNG a few kilobytes at a time and handed out once each
// (as node's own randomUUID does): one call into OpenSSL per ~100 tokens instead of one each,
// which measured as a visible share of a token request. Every byte is used at most once.
const POOL_BYTES = 4096
const pool = Buffer.alloc(POOL_BYTES)
let poolOffset = POOL_BYTES

function freshRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES / 4) return randomBytes(size)
  if (poolOffset + size > POOL_BYTES) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + size))
  // Zeroed once handed out, so nothing in the pool is ever readable twice.
  pool.fill(0, poolOffset, poolOffset + size)
  poolOffset += size
  return bytes
}

/** 256 bits of randomness, URL-safe: guessing probability 2⁻²⁵⁶ (OAuth 2.1 §7.7 asks ≤ 2⁻¹⁶⁰). */
export function randomToken(bytes = 32): string {
  return freshRandomBytes(bytes).toString('base64url')
}

export function sha256(value: string): string {
  return hash('sha256', value, 'base64url')
}

/** Constant-time comparison of two strings. Equal-length inputs (hashes, tokens of a fixed
 * size — the usual case) are compared directly; otherwise both are hashed first, because
 * timingSafeEqual needs equal lengths and the length itself must not leak through an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  if (left.length === right.length) return timingSafeEqual(left, right)
  timingSafeEqual(createHash('sha256').update(left).digest(), createHash('sha256').update(right).digest())
  return false
}

function sealingKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'gatehouse', purpose, 32))
}

export function seal(plaintext: string, secret: string, purpose: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret, purpose), iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

export function unseal(sealed: string, secret: string, purpose: string): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unrecognised sealed value')
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret, purpose), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}
