import 'server-only'
import { database } from '@/db/client'
import { enrolmentStatus, policyApplies } from '@/lib/factors/policy'
import type { BrowserSession } from '@/lib/oauth/endpoints/authorize'
import { currentSession } from './session'

/** The logged-in browser session in the shape the protocol code takes. */
export async function browserSession(): Promise<BrowserSession | null> {
  // No redirect() here: this runs inside protocol endpoints, where Next's redirect is an error.
  // The protocol code itself sends a user who must replace their password to do so first.
  const found = await currentSession()
  // Past the second-factor policy's grace period the session authorizes nothing: the login that
  // follows leads to enrolment first, then back to the request.
  if (found && policyApplies(found.user) && (await enrolmentStatus(await database(), found.user)).state === 'overdue') return null
  return found ? { user: found.user, authTime: found.session.authTime, amr: found.session.amr } : null
}
