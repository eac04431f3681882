import type { Metadata, Viewport } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { currentSession } from './_server/session'
import { SiteFrame } from './_ui/frame'
import './globals.css'

export const metadata: Metadata = { title: 'Gatehouse', description: 'OAuth 2.1 and OpenID Connect authorization server' }
export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

const navLink = 'whitespace-nowrap hover:underline'

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await currentSession().catch(() => null)
  return (
    <SiteFrame navigation={
      <div className="ml-auto flex min-w-0 flex-wrap items-center justify-end gap-x-4 gap-y-2 text-sm">
        {session ? (
          <>
            {/* Never wraps: a long name is cut short (in full on hover) and the links wrap below instead. */}
            <span className="flex min-w-0 items-baseline gap-1 whitespace-nowrap text-slate-500">
              Signed in as <strong className="max-w-[9rem] truncate text-slate-800 sm:max-w-[14rem]" title={session.user.username}>{session.user.username}</strong>
            </span>
            <Link href="/account" className={navLink}>Account</Link>
            <Link href="/clients" className={navLink}>Clients</Link>
            {session.user.isAdmin ? <Link href="/admin" className={navLink}>Admin</Link> : null}
            <form action="/logout" method="post">
              <button type="submit" className="whitespace-nowrap rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50">Log out</button>
            </form>
          </>
        ) : (
          <>
            <Link href="/login" className={navLink}>Log in</Link>
            <Link href="/signup" className={navLink}>Sign up</Link>
          </>
        )}
      </div>
    }>
      {children}
    </SiteFrame>
  )
}
