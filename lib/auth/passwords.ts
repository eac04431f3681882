// Human passwords only: bcryptjs. Over 72 bytes is refused, never silently truncated (bcrypt ignores every byte after the 72nd).
import { config } from '../config'
import { bcryptCompare, bcryptHash } from './bcrypt-pool'

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_BYTES = 72

/** A readable reason the password cannot be used, or null when it can. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    return `Use at most ${PASSWORD_MAX_BYTES} bytes (bcrypt would silently ignore the rest).`
  }
  return null
}

export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password)
  if (problem) throw new Error(problem)
  return bcryptHash(password, config().BCRYPT_COST)
}

// Compared against when the account does not exist, so both answers take as long.
let decoyHash: string | undefined

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) return false
  if (hash === null) {
    decoyHash ??= await bcryptHash('decoy-password-for-timing', config().BCRYPT_COST)
    await bcryptCompare(password, decoyHash)
    return false
  }
  return bcryptCompare(password, hash)
}
