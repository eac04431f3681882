// Whether an account's address is proved: only while it equals the address a verification link
// proved, so any change of the address, by whatever path, lapses the proof.
import type { User } from '@/db/schema'

export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

export function isEmailVerified(user: Pick<User, 'email' | 'verifiedEmail'>): boolean {
  return user.verifiedEmail !== null && sameAddress(user.verifiedEmail, user.email)
}
