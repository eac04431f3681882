// Authenticator apps: RFC 6238 TOTP (SHA-1, 6 digits, 30-second steps: what every app supports).
import { generateSecret, generateURI, verify } from 'otplib'
import { config } from '../config'
import { seal, unseal } from '../crypto'

export const TOTP_PERIOD_SECONDS = 30
const SEALING_PURPOSE = 'totp-secret'

/** A fresh 160-bit secret (RFC 4226 §4 recommends 160 bits), Base32 as the apps expect. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 })
}

export function sealTotpSecret(secret: string): string {
  return seal(secret, config().authSecret, SEALING_PURPOSE)
}

export function unsealTotpSecret(sealed: string): string {
  return unseal(sealed, config().authSecret, SEALING_PURPOSE)
}

/** The otpauth:// URI the QR code carries. */
export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer: 'Gatehouse', label: accountName, secret, period: TOTP_PERIOD_SECONDS })
}

/** Splits a secret into groups of four, for typing it by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim()
}

/**
 * The time step a code belongs to, or null when it matches none. One step either side of now is
 * accepted for clock drift (RFC 6238 §5.2); the caller refuses a step at or before the last one
 * used, so each code works once.
 */
export async function matchingTotpStep(secret: string, code: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null
  const epoch = Math.floor(now.getTime() / 1000)
  const result = await verify({ secret, token: code, epoch, epochTolerance: TOTP_PERIOD_SECONDS, period: TOTP_PERIOD_SECONDS })
  return result.valid ? Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta : null
}
