// Recovery codes: ten single-use codes for when the authenticator app or passkey is lost.
import { randomInt } from 'node:crypto'
import { sha256 } from '../crypto'

export const RECOVERY_CODE_COUNT = 10
// No 0/o, 1/l/i: codes are read off paper. 31 symbols × 10 ≈ 49.5 bits per code, and guesses are
// rate limited like passwords.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const PATTERN = /^[a-z0-9]{5}-?[a-z0-9]{5}$/

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
    return `${characters.slice(0, 5)}-${characters.slice(5)}`
  })
}

/** The stored form: SHA-256 of the code without its dash, lower case (the codes are random). */
export function recoveryCodeHash(code: string): string {
  return sha256(code.trim().toLowerCase().replace('-', ''))
}

export function looksLikeRecoveryCode(code: string): boolean {
  return PATTERN.test(code.trim().toLowerCase())
}
