// Who an upstream says signed in, in one shape for every provider type.

export interface UpstreamIdentity {
  /** The provider's stable id for the account (OpenID `sub`, GitHub's numeric user id). */
  subject: string
  email: string | null
  /** True only when the provider says it verified the address. */
  emailVerified: boolean
  /** A name to derive the local username from. */
  username: string | null
  name: string | null
}

const text = (value: unknown, max = 254): string | null =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : null

/** From OpenID Connect claims (ID token, then userinfo): email_verified must be true (some
 * issuers send the string "true"). */
export function oidcIdentity(claims: Record<string, unknown>): UpstreamIdentity {
  const email = text(claims.email)
  return {
    subject: String(claims.sub),
    email,
    emailVerified: email !== null && (claims.email_verified === true || claims.email_verified === 'true'),
    username: text(claims.preferred_username, 64) ?? text(claims.nickname, 64),
    name: text(claims.name, 128),
  }
}
