// The rules for usernames and passwords, with no imports, so that configuration (ADMIN_USERNAME,
// ADMIN_PASSWORD) applies the very rules sign-up does without an import cycle.

export const USERNAME_MIN_LENGTH = 3
export const USERNAME_MAX_LENGTH = 32
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/
export const USERNAME_PATTERN_MESSAGE = 'Use letters, digits, dots, dashes and underscores only.'

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
