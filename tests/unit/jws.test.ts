import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync, verify } from 'node:crypto'
import { compactVerify, importJWK } from 'jose'
import { decodeCompact, signCompact, verifySignature } from '@/lib/oauth/tokens/jws'

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })

describe('compact JWS with node:crypto (RFC 7515)', () => {
  it('ES256 and RS256 signatures verify with an independent implementation (jose)', async () => {
    for (const [alg, pair] of [['ES256', ec], ['RS256', rsa]] as const) {
      const token = await signCompact({ alg, typ: 'JWT' }, { sub: 'x', n: 1 }, pair.privateKey)
      const key = await importJWK(pair.publicKey.export({ format: 'jwk' }), alg)
      const { payload } = await compactVerify(token, key, { algorithms: [alg] })
      assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { sub: 'x', n: 1 })
      assert.ok(await verifySignature(decodeCompact(token)!, alg, pair.publicKey))
    }
  })

  it('a changed payload fails verification', async () => {
    const token = await signCompact({ alg: 'ES256' }, { scope: 'read' }, ec.privateKey)
    const [header, , signature] = token.split('.')
    const forged = `${header}.${Buffer.from(JSON.stringify({ scope: 'admin' })).toString('base64url')}.${signature}`
    assert.equal(await verifySignature(decodeCompact(forged)!, 'ES256', ec.publicKey), false)
  })

  it('alg "none" and algorithm confusion are refused: the verifier, not the token, picks the algorithm', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.AA`
    assert.equal(await verifySignature(decodeCompact(unsigned)!, 'ES256', ec.publicKey), false)
    const rsaSigned = await signCompact({ alg: 'RS256' }, { sub: 'x' }, rsa.privateKey)
    assert.equal(await verifySignature(decodeCompact(rsaSigned)!, 'ES256', ec.publicKey), false)
  })

  it('garbage never throws: it decodes to null', () => {
    for (const value of ['', 'a.b', 'a.b.c.d', '!!.??.**', `${Buffer.from('[1]').toString('base64url')}.e30.AA`, 'e30.bm90IGpzb24.AA']) {
      assert.equal(decodeCompact(value), null, value)
    }
  })

  it('signature malleability: the high-S twin (r, n − s) of a valid ES256 signature is refused', async () => {
    const order = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
    const token = await signCompact({ alg: 'ES256' }, { sub: 'x' }, ec.privateKey)
    const decoded = decodeCompact(token)!
    assert.ok(await verifySignature(decoded, 'ES256', ec.publicKey))
    const s = BigInt(`0x${decoded.signature.subarray(32).toString('hex')}`)
    const twin = Buffer.concat([decoded.signature.subarray(0, 32), Buffer.from((order - s).toString(16).padStart(64, '0'), 'hex')])
    // The twin is a mathematically valid ECDSA signature: node accepts it on its own.
    assert.ok(verify('sha256', Buffer.from(decoded.signingInput), { key: ec.publicKey, dsaEncoding: 'ieee-p1363' }, twin))
    const [header, payload] = token.split('.')
    assert.equal(await verifySignature(decodeCompact(`${header}.${payload}.${twin.toString('base64url')}`)!, 'ES256', ec.publicKey), false)
  })

  it('every ES256 signature we issue is in low-S form, so it verifies', async () => {
    for (let index = 0; index < 40; index++) {
      const token = await signCompact({ alg: 'ES256' }, { n: index }, ec.privateKey)
      assert.ok(await verifySignature(decodeCompact(token)!, 'ES256', ec.publicKey), `signature ${index}`)
    }
  })
})
