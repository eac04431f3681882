// Human passwords only: bcryptjs. Over 72 bytes is refused, never silently truncated (bcrypt ignores every byte after the 72nd).
import { config } from '../config'
import { bcryptCompare, bcryptHash } from './bcrypt-pool'

import { PASSWORD_MAX_BYTES, passwordProblem } from './credential-rules'

export { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, passwordProblem } from './credential-rules'

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
