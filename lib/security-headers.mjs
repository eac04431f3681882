// The security headers of every response, pages and machine endpoints alike, in both serving
// modes: next.config.mjs gives them to what Next renders, lib/dispatch.ts to what the endpoint
// table answers. Plain JavaScript so that next.config.mjs can import it; types in the .d.mts.
//
// The rule:
// - one Content-Security-Policy for everything: same-origin resources only, inline script and
//   style for Next's hydration, no plugins, no <base>, never framed (RFC 9700 §4.16);
// - X-Frame-Options DENY and X-Content-Type-Options nosniff everywhere;
// - Referrer-Policy no-referrer under /oauth/ (its answers carry codes and state in URLs) and
//   same-origin elsewhere (under no-referrer browsers post forms with `Origin: null`, which Next
//   refuses for server actions; nothing leaves for another origin either way, RFC 9700 §4.2.4);
// - Strict-Transport-Security only when the request arrived over HTTPS, which behind a
//   TLS-terminating proxy is what X-Forwarded-Proto says (RFC 6797 §7.2: never over plain HTTP).
//   A response's own header of the same name wins (e.g. the stricter CSP of standalone pages).

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const strictTransportSecurity = 'max-age=63072000; includeSubDomains'

const everywhere = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
}

const underOAuth = { ...everywhere, 'Referrer-Policy': 'no-referrer' }
const elsewhere = { ...everywhere, 'Referrer-Policy': 'same-origin' }
const underOAuthHttps = { ...underOAuth, 'Strict-Transport-Security': strictTransportSecurity }
const elsewhereHttps = { ...elsewhere, 'Strict-Transport-Security': strictTransportSecurity }

/** The security headers for a request path and its X-Forwarded-Proto (null when absent). */
export function securityHeadersFor(path, forwardedProto) {
  const https = forwardedProto === 'https'
  if (path === '/oauth' || path.startsWith('/oauth/')) return https ? underOAuthHttps : underOAuth
  return https ? elsewhereHttps : elsewhere
}

const asList = (record) => Object.entries(record).map(([key, value]) => ({ key, value }))

/** The same rule in next.config's `headers()` form (later entries override earlier ones). */
export function nextConfigHeaders() {
  return [
    { source: '/:path*', headers: asList(elsewhere) },
    { source: '/oauth/:path*', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] },
    {
      source: '/:path*',
      has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
      headers: [{ key: 'Strict-Transport-Security', value: strictTransportSecurity }],
    },
  ]
}
