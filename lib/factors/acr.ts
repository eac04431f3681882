// Authentication context classes (OIDC Core §2 `acr`, §3.1.2.1 `acr_values`). Two levels, read
// off the RFC 8176 method values of the sign-in: multi-factor when two different kinds of factor
// were used (amr `mfa`: a password and an app code, passkey or recovery code; or a passkey with
// user verification), single-factor otherwise.
export const ACR_MULTI_FACTOR = 'urn:gatehouse:mfa'
export const ACR_SINGLE_FACTOR = 'urn:gatehouse:sfa'
export const ACR_VALUES_SUPPORTED = [ACR_SINGLE_FACTOR, ACR_MULTI_FACTOR] as const

/** The level a sign-in with these method values reached. */
export function acrOf(amr: readonly string[]): string {
  return amr.includes('mfa') ? ACR_MULTI_FACTOR : ACR_SINGLE_FACTOR
}

/**
 * True when the request's acr_values ask for a second factor: every value Gatehouse knows is the
 * multi-factor one. Unknown values are ignored (acr_values is a voluntary request), and a list
 * that also accepts the single-factor level needs nothing more.
 */
export function requiresMultiFactor(acrValues: string | undefined): boolean {
  const known = (acrValues ?? '').split(' ').filter((value) => (ACR_VALUES_SUPPORTED as readonly string[]).includes(value))
  return known.length > 0 && !known.includes(ACR_SINGLE_FACTOR)
}
