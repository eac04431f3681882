// Standard claims released per scope (OIDC Core §5.4): profile and email.
import type { User } from '@/db/schema'

export function userClaims(user: User, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {}
  if (scopes.includes('profile')) {
    claims.preferred_username = user.username
    claims.name = user.username
    claims.updated_at = Math.floor(user.updatedAt.getTime() / 1000)
  }
  if (scopes.includes('email')) {
    claims.email = user.email
    // Gatehouse does not verify addresses yet, so it never claims it did.
    claims.email_verified = false
  }
  return claims
}
