// The lean path serves responses Next never sees, so it adds the headers next.config.mjs would.
import type { ServerResponse } from 'node:http'

export function applySecurityHeaders(target: ServerResponse, https: boolean): void {
  target.setHeader('X-Content-Type-Options', 'nosniff')
  target.setHeader('X-Frame-Options', 'DENY')
  target.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'")
  target.setHeader('Referrer-Policy', 'no-referrer')
  if (https) target.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
}
