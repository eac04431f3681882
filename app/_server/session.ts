import 'server-only'
import { getIronSession, type SessionOptions } from 'iron-session'
import { cookies, headers } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
import { cache } from 'react'
import { database } from '@/db/client'
import { config } from '@/lib/config'
import { passwordChangeUrl } from '@/lib/auth/accounts'
import { enrolmentPath, enrolmentStatus, enrolmentUrl, policyApplies } from '@/lib/factors/policy'
import { createSession, endSession, logOut, validateSessionToken, type ValidSession } from '@/lib/auth/sessions'
import type { AuditEntry } from '@/lib/audit'
import { requestContext } from './context'

interface CookieData { token?: string }


async function cookieOptions(): Promise<SessionOptions> {
  const settings = config()
  const proto = (await headers()).get('x-forwarded-proto')
  return {
    password: settings.authSecret,
    cookieName: 'gatehouse_session',
    ttl: settings.SESSION_TTL,
    cookieOptions: {
      httpOnly: true,
      sameSite: 'lax',
      secure: settings.ISSUER.startsWith('https://') || proto === 'https',
      path: '/',
    },
  }
}

async function ironSession() {
  return getIronSession<CookieData>(await cookies(), await cookieOptions())
}

/** The logged-in session of this request, or null. Memoised per request. */
export const currentSession = cache(async (): Promise<ValidSession | null> => {
  const session = await ironSession()
  if (!session.token) return null
  return validateSessionToken(await database(), session.token)
})

/** Paths a user whose password was set by someone else may still reach: where it is changed. */
const PASSWORD_CHANGE_PATH = '/account'

export async function requireUser(returnTo: string): Promise<ValidSession> {
  const found = await currentSession()
  if (!found) redirect(`/login?return_to=${encodeURIComponent(returnTo)}`)
  // A one-time password (first admin, admin CLI) must be replaced before anything else is used.
  // Checked here in the page guard, not in a proxy: auth only in middleware was bypassable
  // (CVE-2025-29927).
  if (found.user.mustChangePassword && returnTo !== PASSWORD_CHANGE_PATH && !returnTo.startsWith(`${PASSWORD_CHANGE_PATH}?`)) {
    redirect(passwordChangeUrl(returnTo))
  }
  // Past the policy's grace period without a second factor: only the pages that set one up.
  if (policyApplies(found.user) && !enrolmentPath(returnTo) && (await enrolmentStatus(await database(), found.user)).state === 'overdue') {
    redirect(enrolmentUrl(returnTo))
  }
  return found
}

/** Admins only; everyone else (logged out included) gets a 404, so /admin does not even show it exists.
 * Call it at the top of every admin page AND every admin server action: actions can be posted directly. */
export async function requireAdmin(): Promise<ValidSession> {
  const found = await currentSession()
  if (!found || !found.user.isAdmin) notFound()
  if (found.user.mustChangePassword) redirect(passwordChangeUrl())
  if (policyApplies(found.user) && (await enrolmentStatus(await database(), found.user)).state === 'overdue') redirect(enrolmentUrl())
  return found
}

export async function startSession(userId: string, amr: string[] = ['pwd']): Promise<void> {
  const { token } = await createSession(await database(), userId, await requestContext(), undefined, amr)
  const session = await ironSession()
  session.token = token
  await session.save()
}

/** Deletes the server-side row and the cookie. Returns the ended session's user id, if any. */
/** Logs out: ends the session and writes its `user.logged_out` audit row in one transaction,
 * then clears the cookie. */
export async function logOutSession(entry: Pick<AuditEntry, 'clientId' | 'details'> = {}): Promise<void> {
  const session = await ironSession()
  if (session.token) await logOut(await database(), session.token, await requestContext(), entry)
  session.destroy()
}

export async function stopSession(): Promise<string | null> {
  const session = await ironSession()
  let userId: string | null = null
  if (session.token) userId = (await endSession(await database(), session.token))?.userId ?? null
  session.destroy()
  return userId
}
