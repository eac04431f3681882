// The syntax of the scope parameter (RFC 6749 §3.3): parsing, validation, the wire form.
import { OAuthError } from '../errors'

export const MAX_SCOPE_TOKEN_LENGTH = 128
export const MAX_SCOPE_TOKENS = 100

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) — no space, '"' or '\'.
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/

export function isScopeToken(value: string): boolean {
  return value.length <= MAX_SCOPE_TOKEN_LENGTH && scopeToken.test(value)
}

/**
 * Parses a `scope` parameter into distinct scope tokens, in first-seen order; '' gives [].
 * Null when it is malformed (a character outside the scope-token set, or too many/too long
 * tokens): the caller answers `invalid_scope`. Runs of spaces are tolerated as one delimiter.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function parseScope(value: string): string[] | null {
  const tokens = value.split(' ').filter((token) => token !== '')
  if (tokens.length > MAX_SCOPE_TOKENS) return null
  if (!tokens.every(isScopeToken)) return null
  return [...new Set(tokens)]
}

/** The wire form: space-delimited (RFC 6749 §3.3). */
export function formatScope(tokens: readonly string[]): string {
  return tokens.join(' ')
}

/** A scope parameter as distinct scope-tokens; invalid_scope on bad syntax. */
export function splitScope(value: string | undefined): string[] {
  const tokens = parseScope(value ?? '')
  if (!tokens) throw new OAuthError('invalid_scope', 'The scope parameter is malformed')
  return tokens
}
