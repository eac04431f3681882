import 'server-only'
import { getIronSession } from 'iron-session'
import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import type { PendingSignIn, User } from '@/db/schema'
import { passwordChangeUrl } from '@/lib/auth/accounts'
import { config } from '@/lib/config'
import { hasSecondFactor } from '@/lib/factors/enrolment'
import { enrolmentStatus, enrolmentUrl, policyApplies } from '@/lib/factors/policy'
import { PENDING_SIGN_IN_TTL_SECONDS, beginPendingSignIn } from '@/lib/factors/second-step'
import { startSession, stopSession } from './session'

interface PendingCookie { token?: string }

// The half-finished sign-in's cookie: its own name, sealed, HttpOnly, as short-lived as the row.
async function pendingCookie() {
  const settings = config()
  const proto = (await headers()).get('x-forwarded-proto')
  return getIronSession<PendingCookie>(await cookies(), {
    password: settings.authSecret,
    cookieName: 'gatehouse_pending',
    ttl: PENDING_SIGN_IN_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: settings.ISSUER.startsWith('https://') || proto === 'https', path: '/' },
  })
}

export async function pendingToken(): Promise<string | undefined> {
  return (await pendingCookie()).token
}

/** Starts a pending step (second factor, WebAuthn ceremony) bound to this browser. */
export async function startPending(values: Pick<PendingSignIn, 'purpose' | 'userId' | 'amr' | 'returnTo'> & { challenge?: string | null }): Promise<void> {
  const token = await beginPendingSignIn(await database(), values)
  const cookie = await pendingCookie()
  cookie.token = token
  await cookie.save()
}

export async function clearPending(): Promise<void> {
  (await pendingCookie()).destroy()
}

/** Where a signed-in user goes next: a generated password is replaced first, a second factor the
 * policy requires is set up, then on to `returnTo`. */
async function nextStop(user: User, returnTo: string): Promise<string> {
  if (user.mustChangePassword) return passwordChangeUrl(returnTo)
  if (policyApplies(user) && (await enrolmentStatus(await database(), user)).state === 'overdue') return enrolmentUrl(returnTo)
  return returnTo
}

/** Every factor the sign-in needs is done: the session (replacing this browser's old one, and
 * its weaker amr, on a step-up or a sign-in over a signed-in browser), then where to go next. */
async function sessionStarted(user: User, amr: string[], returnTo: string): Promise<string> {
  await clearPending()
  await stopSession()
  await startSession(user.id, amr)
  return nextStop(user, returnTo)
}

/** After a first factor, for a route handler (which answers with a redirect of its own): the
 * second step when the account has a second factor (a pending sign-in bound to this browser, no
 * session yet), else the session. Returns where to go next. */
export async function nextAfterFirstFactor(user: User, amr: string[], returnTo: string): Promise<string> {
  if (await hasSecondFactor(await database(), user.id)) {
    await startPending({ purpose: 'second_factor', userId: user.id, amr, returnTo })
    return '/login/verify'
  }
  return sessionStarted(user, amr, returnTo)
}

/** After a first factor, for a server action: as nextAfterFirstFactor, then redirects. */
export async function afterFirstFactor(user: User, amr: string[], returnTo: string): Promise<never> {
  redirect(await nextAfterFirstFactor(user, amr, returnTo))
}

/** Every factor the sign-in needs is done: the session, then where the user was going. */
export async function signedIn(user: User, amr: string[], returnTo: string): Promise<never> {
  redirect(await sessionStarted(user, amr, returnTo))
}
