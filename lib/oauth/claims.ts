// Standard claims released per scope (OIDC Core §5.4): profile and email.
import type { User } from '@/db/schema'
import { isEmailVerified } from '../auth/verified-email'

export function userClaims(user: User, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {}
  if (scopes.includes('profile')) {
    claims.preferred_username = user.username
    claims.name = user.username
    claims.updated_at = Math.floor(user.updatedAt.getTime() / 1000)
  }
  if (scopes.includes('email')) {
    // A changed address is stored only once proved, so `email` is never an unproved new address.
    claims.email = user.email
    claims.email_verified = isEmailVerified(user)
  }
  return claims
}
