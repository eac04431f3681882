'use client'
// The last resort when even the root layout failed: it replaces the layout, so it brings its own
// html and body, in the same look.
import Link from 'next/link'
import './globals.css'

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-4xl items-center gap-4 px-4 py-3">
            <Link href="/" className="text-lg font-bold text-indigo-700">Gatehouse</Link>
          </nav>
        </header>
        <main className="mx-auto max-w-4xl px-4 py-8">
          <section className="mx-auto mb-6 max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 className="mb-4 text-lg font-semibold text-slate-900">Temporarily unavailable</h2>
            <p role="alert" className="mb-4 text-sm text-slate-700">
              Gatehouse could not show this page just now. Please try again in a few seconds.
            </p>
            <button type="button" onClick={() => reset()} className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700">Try again</button>
          </section>
        </main>
      </body>
    </html>
  )
}
