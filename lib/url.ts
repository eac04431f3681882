// Node 20 has no URL.parse: one place turns "cannot be parsed" into null instead of a throw.

/** `value` as an absolute URL, or null when it is not one. */
export function parseUrl(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}
