import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { issuerPortWarning } from '@/lib/issuer-port'

describe('issuerPortWarning', () => {
  it('warns when PORT moved but the http issuer still names the old port', () => {
    const warning = issuerPortWarning('http://localhost:3000', 3100)
    assert.ok(warning)
    assert.match(warning, /ISSUER/)
    assert.match(warning, /3000/)
    assert.match(warning, /3100/)
  })

  it('reads the implicit port 80 of an http issuer', () => {
    assert.match(issuerPortWarning('http://auth.internal', 3000) ?? '', /port 80 /)
    assert.equal(issuerPortWarning('http://auth.internal', 80), null)
  })

  it('is quiet when the ports agree', () => {
    assert.equal(issuerPortWarning('http://localhost:3100', 3100), null)
  })

  it('is quiet for an https issuer: Gatehouse serves plain HTTP, so a proxy terminates TLS on its own port', () => {
    assert.equal(issuerPortWarning('https://auth.example.com', 3000), null)
    assert.equal(issuerPortWarning('https://auth.example.com:8443', 3000), null)
  })
})
