// Text that may reach the database, a log line or another person's screen. PostgreSQL refuses
// U+0000 in text (SQLSTATE 22021), control characters have no place in any parameter we define
// (RFC 6749 Appendix A: client_id, state, scope and friends are printable characters), and
// bidirectional overrides or invisible format characters let a name render as something it is
// not (Unicode TR #36 §2, "Trojan Source").
// C0 and C1 controls and DEL: general category Cc.
const CONTROL = /\p{Cc}/u
// Cc plus every format character (Cf: U+200E/U+200F, U+202A–U+202E, U+2066–U+2069, U+061C,
// zero-width characters, …) and the line/paragraph separators, which break a line invisibly.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u

/** True when the value holds a control character (NUL included). */
export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value)
}

/** The value with its control characters removed: for search boxes, where a stray one should
 * find nothing rather than fail. */
export function withoutControlCharacters(value: string): string {
  return value.replace(/\p{Cc}/gu, '')
}

/** True when the value holds a control, bidirectional or other invisible format character. */
export function hasInvisibleCharacter(value: string): boolean {
  return INVISIBLE_OR_CONTROL.test(value)
}

export const INVISIBLE_CHARACTER_MESSAGE = 'Remove control, direction or invisible characters.'
