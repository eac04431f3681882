import 'server-only'
import { cookies, headers } from 'next/headers'
import { config } from '@/lib/config'
import { FLOW_COOKIE, FLOW_TTL_SECONDS } from '@/lib/upstream/flow'

// Sent only to the callback: nothing else needs the flow. SameSite=Lax still sends it on the
// provider's top-level redirect back.
const FLOW_COOKIE_PATH = '/login/upstream'

async function secure(): Promise<boolean> {
  return config().ISSUER.startsWith('https://') || (await headers()).get('x-forwarded-proto') === 'https'
}

export async function setUpstreamFlowCookie(sealed: string): Promise<void> {
  (await cookies()).set(FLOW_COOKIE, sealed, { httpOnly: true, sameSite: 'lax', secure: await secure(), path: FLOW_COOKIE_PATH, maxAge: FLOW_TTL_SECONDS })
}

/** Reads the flow cookie and removes it: each flow is answered once. */
export async function takeUpstreamFlowCookie(): Promise<string | undefined> {
  const jar = await cookies()
  const value = jar.get(FLOW_COOKIE)?.value
  if (value !== undefined) jar.set(FLOW_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: await secure(), path: FLOW_COOKIE_PATH, maxAge: 0 })
  return value
}
