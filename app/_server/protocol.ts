import 'server-only'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import type { BrowserSession } from '@/lib/oauth/authorize'
import { currentSession } from './session'

/** The logged-in browser session in the shape the protocol code takes. */
export async function browserSession(): Promise<BrowserSession | null> {
  const found = await currentSession()
  // A user who must still replace an admin-set password authorizes nothing until they have.
  if (found?.user.mustChangePassword) redirect('/account?must_change_password=1')
  return found ? { user: found.user, authTime: found.session.authTime } : null
}

export { database }
