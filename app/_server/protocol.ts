import 'server-only'
import { redirect } from 'next/navigation'
import type { BrowserSession } from '@/lib/oauth/authorize'
import { MUST_CHANGE_PASSWORD_URL, currentSession } from './session'

/** The logged-in browser session in the shape the protocol code takes. */
export async function browserSession(): Promise<BrowserSession | null> {
  const found = await currentSession()
  // A user who must still replace an admin-set password authorizes nothing until they have.
  if (found?.user.mustChangePassword) redirect(MUST_CHANGE_PASSWORD_URL)
  return found ? { user: found.user, authTime: found.session.authTime } : null
}
