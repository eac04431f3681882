import Link from 'next/link'
import type { ReactNode } from 'react'

/** The page shell every page shares: html, body, the header bar with the brand, and the main column.
 * Used by the root layout and by the error page that replaces it. */
export function SiteFrame({ navigation, children }: { navigation?: ReactNode; children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-4xl items-center gap-4 px-4 py-3">
            <Link href="/" className="text-lg font-bold text-indigo-700">Gatehouse</Link>
            {navigation}
          </nav>
        </header>
        <main className="mx-auto max-w-4xl px-4 py-8">{children}</main>
      </body>
    </html>
  )
}
