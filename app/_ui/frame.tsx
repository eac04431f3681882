import Link from 'next/link'
import type { ReactNode } from 'react'

/** The page shell every page shares: html, body, the header bar with the brand, and the main column.
 * Used by the root layout and by the error page that replaces it. On a narrow screen the header's
 * links wrap under the brand instead of squeezing (or widening the page). */
export function SiteFrame({ navigation, children }: { navigation?: ReactNode; children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-4xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 text-lg font-bold text-indigo-700">
              <BrandMark />Gatehouse
            </Link>
            {navigation}
          </nav>
        </header>
        <main className="mx-auto max-w-4xl px-4 py-6 sm:py-8">{children}</main>
      </body>
    </html>
  )
}

/** The gate drawn in the favicon (app/icon.svg), beside the name. */
export function BrandMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="h-6 w-6">
      <rect width="32" height="32" rx="7" fill="#4338ca" />
      <path d="M8 25V13l8-6 8 6v12h-5v-7h-6v7z" fill="#fff" />
    </svg>
  )
}
