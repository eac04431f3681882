// RFC 7636 PKCE, S256 only (RFC 9700 §2.1.1: plain does not protect against request-read attackers).
import { constantTimeEqual, sha256 } from '../crypto'

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
  // The verifier is ASCII (checked above), so its UTF-8 bytes are its ASCII bytes.
  return constantTimeEqual(sha256(verifier), challenge)
}
