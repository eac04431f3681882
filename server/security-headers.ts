// The lean path serves responses Next never sees, so it adds the headers next.config.mjs would,
// as a flat [name, value, …] list that goes into the one writeHead call.
export function securityHeaders(https: boolean): readonly string[] {
  return [
    'X-Content-Type-Options', 'nosniff',
    'X-Frame-Options', 'DENY',
    'Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'",
    'Referrer-Policy', 'no-referrer',
    ...(https ? ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'] : []),
  ]
}
