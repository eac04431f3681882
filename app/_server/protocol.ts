import 'server-only'
import { database } from '@/db/client'
import type { BrowserSession } from '@/lib/oauth/authorize'
import { currentSession } from './session'

/** The logged-in browser session in the shape the protocol code takes. */
export async function browserSession(): Promise<BrowserSession | null> {
  const found = await currentSession()
  return found ? { user: found.user, authTime: found.session.authTime } : null
}

export { database }
