// Security headers: one rule for pages and machine endpoints in both serving modes, stated and
// explained in lib/security-headers.mjs (static, so they cost nothing per request).
import { nextConfigHeaders } from './lib/security-headers.mjs'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Docker image sets NEXT_OUTPUT=standalone; `next start` refuses to serve a standalone build.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  // Separate build folders let parallel test runs (and developers) build side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // External, so that Next's code and the lean server (server/) share one copy of each driver.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'bcryptjs', 'drizzle-orm', 'jose', 'nodemailer'],
  outputFileTracingIncludes: { '/**': ['./db/migrations/**'] },
  // On Vercel (VERCEL=1 at build time) the file system is read-only, so the embedded database
  // cannot be used and its ~20 MB would ride along in every function.
  outputFileTracingExcludes: { '/**': ['./.data/**', './.data-*/**', './tests/**', './bench/**', ...(process.env.VERCEL ? ['./node_modules/@electric-sql/pglite/**'] : [])] },
  async headers() {
    return nextConfigHeaders()
  },
}

export default nextConfig
