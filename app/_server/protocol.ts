import 'server-only'
import type { BrowserSession } from '@/lib/oauth/endpoints/authorize'
import { currentSession } from './session'

/** The logged-in browser session in the shape the protocol code takes. */
export async function browserSession(): Promise<BrowserSession | null> {
  // No redirect() here: this runs inside protocol endpoints, where Next's redirect is an error.
  // The protocol code itself sends a user who must replace their password to do so first.
  const found = await currentSession()
  return found ? { user: found.user, authTime: found.session.authTime } : null
}
