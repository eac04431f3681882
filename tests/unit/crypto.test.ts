import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { constantTimeEqual, randomToken, seal, sha256, unseal } from '@/lib/crypto'

const secret = 'unit-test-secret-that-is-long-enough-0123'

describe('randomToken', () => {
  it('gives 32 random bytes as 43 URL-safe characters by default', () => {
    const token = randomToken()
    assert.match(token, /^[A-Za-z0-9_-]{43}$/)
  })

  it('honours the byte count and never repeats', () => {
    assert.match(randomToken(16), /^[A-Za-z0-9_-]{22}$/)
    const seen = new Set(Array.from({ length: 1000 }, () => randomToken()))
    assert.equal(seen.size, 1000)
  })

  it('never hands out the same pooled bytes twice, across pool refills and mixed sizes', () => {
    // 16-byte tokens over several 4 KiB refills: any reuse of pool bytes would repeat a token.
    const seen = new Set<string>()
    for (let index = 0; index < 3000; index++) seen.add(randomToken(index % 3 === 0 ? 16 : 32))
    assert.equal(seen.size, 3000)
    assert.match(randomToken(4096), /^[A-Za-z0-9_-]{5462}$/)
  })
})

describe('sha256', () => {
  it('matches the FIPS 180-2 test vector for "abc", base64url without padding', () => {
    assert.equal(sha256('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
  })

  it('hashes the UTF-8 encoding of the input', () => {
    assert.equal(sha256('\u00e9'), createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('base64url'))
    assert.notEqual(sha256('e\u0301'), sha256('\u00e9'))
  })
})

describe('constantTimeEqual', () => {
  it('is true only for identical strings', () => {
    assert.equal(constantTimeEqual('s3cret-value', 's3cret-value'), true)
    assert.equal(constantTimeEqual('s3cret-value', 's3cret-valuE'), false)
    assert.equal(constantTimeEqual('s3cret', 's3cret-value'), false)
    assert.equal(constantTimeEqual('', ''), true)
    assert.equal(constantTimeEqual('', 'x'), false)
  })
})

describe('seal / unseal (AES-256-GCM under AUTH_SECRET)', () => {
  it('round-trips and never shows the plaintext', () => {
    const sealed = seal('private key material', secret, 'signing-key')
    assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    assert.ok(!sealed.includes('private'))
    assert.equal(unseal(sealed, secret, 'signing-key'), 'private key material')
  })

  it('uses a fresh IV each time', () => {
    assert.notEqual(seal('same', secret, 'p'), seal('same', secret, 'p'))
  })

  it('refuses another secret, another purpose, or a tampered value', () => {
    const sealed = seal('payload', secret, 'signing-key')
    assert.throws(() => unseal(sealed, 'another-secret-that-is-long-enough-987654', 'signing-key'))
    assert.throws(() => unseal(sealed, secret, 'other-purpose'))
    const parts = sealed.split('.')
    const body = Buffer.from(parts[3], 'base64url')
    body[0] ^= 1
    assert.throws(() => unseal([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), secret, 'signing-key'))
  })

  it('refuses values it did not produce', () => {
    assert.throws(() => unseal('garbage', secret, 'p'), /Unrecognised sealed value/)
    assert.throws(() => unseal('v2.a.b.c', secret, 'p'), /Unrecognised sealed value/)
  })
})
