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
  /** How the person signed in at the provider, as its ID token says (RFC 8176 values only). */
  amr: string[]
}

// RFC 8176 §2's registered method values. A value outside it means nothing to a relying party,
// so it is not passed on.
const AMR_VALUES = new Set(['face', 'fpt', 'geo', 'hwk', 'iris', 'kba', 'mca', 'mfa', 'otp', 'pin', 'pop', 'pwd', 'rba', 'retina', 'sc', 'sms', 'swk', 'tel', 'user', 'vbm', 'wia'])

/** The provider's `amr` claim, reduced to registered values, each once. */
export function upstreamAmr(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  return [...new Set(value.filter((method): method is string => typeof method === 'string' && AMR_VALUES.has(method)))]
}

const text = (value: unknown, max = 254): string | null =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : null

/** From OpenID Connect claims (ID token, then userinfo): email_verified must be true (some
 * issuers send the string "true"); `amr` is the ID token's alone. */
export function oidcIdentity(claims: Record<string, unknown>): UpstreamIdentity {
  const email = text(claims.email)
  return {
    subject: String(claims.sub),
    email,
    emailVerified: email !== null && (claims.email_verified === true || claims.email_verified === 'true'),
    username: text(claims.preferred_username, 64) ?? text(claims.nickname, 64),
    name: text(claims.name, 128),
    amr: upstreamAmr(claims.amr),
  }
}
