import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { currentSession } from './_server/session'
import { SiteFrame } from './_ui/frame'
import './globals.css'

export const metadata: Metadata = { title: 'Gatehouse', description: 'OAuth 2.1 and OpenID Connect authorization server' }

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await currentSession().catch(() => null)
  return (
    <SiteFrame navigation={
      <div className="ml-auto flex items-center gap-4 text-sm">
        {session ? (
          <>
            <span className="text-slate-500">Signed in as <strong className="text-slate-800">{session.user.username}</strong></span>
            <Link href="/account" className="hover:underline">Account</Link>
            <Link href="/clients" className="hover:underline">Clients</Link>
            {session.user.isAdmin ? <Link href="/admin" className="hover:underline">Admin</Link> : null}
            <form action="/logout" method="post">
              <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50">Log out</button>
            </form>
          </>
        ) : (
          <>
            <Link href="/login" className="hover:underline">Log in</Link>
            <Link href="/signup" className="hover:underline">Sign up</Link>
          </>
        )}
      </div>
    }>
      {children}
    </SiteFrame>
  )
}
