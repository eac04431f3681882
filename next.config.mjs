// Security headers are static and set here rather than in a proxy: they cost nothing per request
// and cover pages and route handlers alike (RFC 9700 §4.16 clickjacking).
const contentSecurityPolicy = [
  "default-src 'self'",
  // Next's hydration uses inline scripts; no third-party origin is ever allowed (RFC 9700 §4.2.4).
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Docker image sets NEXT_OUTPUT=standalone; `next start` refuses to serve a standalone build.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  // Separate build folders let parallel test runs (and developers) build side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // External, so that Next's code and the lean server (server/) share one copy of each driver.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'bcryptjs', 'drizzle-orm', 'jose'],
  outputFileTracingIncludes: { '/**': ['./db/migrations/**'] },
  outputFileTracingExcludes: { '/**': ['./.data/**', './.data-*/**', './tests/**', './bench/**'] },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          // same-origin, not no-referrer: under no-referrer a browser posts forms with `Origin: null`,
          // and Next refuses such server-action posts, so forms would stop working without JS.
          // Nothing ever leaves for another origin either way (RFC 9700 §4.2.4).
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
      {
        // The authorization endpoint's own responses carry codes and state: never a referrer.
        source: '/oauth/:path*',
        headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }],
      },
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }],
      },
    ]
  },
}

export default nextConfig
