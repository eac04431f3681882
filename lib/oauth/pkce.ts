// RFC 7636 PKCE, S256 only (RFC 9700 §2.1.1: plain does not protect against request-read attackers).
import { createHash } from 'node:crypto'
import { constantTimeEqual } from '../crypto'

// RFC 7636 §4.1 code_verifier and §4.2 code_challenge: 43–128 unreserved characters.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/
const CHALLENGE_S256 = /^[A-Za-z0-9\-_]{43}$/

export function isValidCodeChallenge(challenge: string): boolean {
  return CHALLENGE_S256.test(challenge)
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier)
}

/** @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6 */
export function verifierMatchesChallenge(verifier: string, challenge: string): boolean {
  if (!isValidCodeVerifier(verifier)) return false
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url')
  return constantTimeEqual(computed, challenge)
}
