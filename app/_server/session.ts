import 'server-only'
import { getIronSession, type SessionOptions } from 'iron-session'
import { cookies, headers } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
import { cache } from 'react'
import { database } from '@/db/client'
import { config } from '@/lib/config'
import { createSession, endSession, validateSessionToken, type ValidSession } from '@/lib/auth/sessions'
import { requestContext } from './context'

interface CookieData { token?: string }

export const SESSION_COOKIE = 'gatehouse_session'

async function cookieOptions(): Promise<SessionOptions> {
  const settings = config()
  const proto = (await headers()).get('x-forwarded-proto')
  return {
    password: settings.authSecret,
    cookieName: SESSION_COOKIE,
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

export async function requireUser(returnTo: string): Promise<ValidSession> {
  const found = await currentSession()
  if (!found) redirect(`/login?return_to=${encodeURIComponent(returnTo)}`)
  return found
}

export async function requireAdmin(): Promise<ValidSession> {
  const found = await currentSession()
  if (!found || !found.user.isAdmin) notFound()
  return found
}

export async function startSession(userId: string): Promise<void> {
  const { token } = await createSession(await database(), userId, await requestContext())
  const session = await ironSession()
  session.token = token
  await session.save()
}

/** Deletes the server-side row and the cookie. Returns the ended session's user id, if any. */
export async function stopSession(): Promise<string | null> {
  const session = await ironSession()
  let userId: string | null = null
  if (session.token) userId = (await endSession(await database(), session.token))?.userId ?? null
  session.destroy()
  return userId
}
