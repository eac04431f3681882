// Between the redirect to the upstream and its answer, the browser carries the flow in a sealed,
// short-lived cookie: which provider, the state, nonce and PKCE verifier to check the answer
// against, where to go after, and — for linking — whose account. Binding the state to this
// browser is what stops login CSRF: an attacker's own callback URL, opened in someone else's
// browser, meets no matching cookie (RFC 6749 §10.12, RFC 9700 §4.7).
import { z } from 'zod'
import { currentTime } from '../clock'
import { config } from '../config'
import { constantTimeEqual, seal, unseal } from '../crypto'
import type { AuthorizationChecks } from './client'

export const FLOW_COOKIE = 'gatehouse_upstream'
/** Long enough to sign in at the provider, short enough that a stale tab does not linger. */
export const FLOW_TTL_SECONDS = 10 * 60
const FLOW_PURPOSE = 'upstream-login-flow'

const flowSchema = z.object({
  providerId: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  returnTo: z.string(),
  // A signed-in user linking a provider from their account page; absent for sign-in.
  linkUserId: z.string().optional(),
  expiresAt: z.number(),
})
export type UpstreamFlow = z.infer<typeof flowSchema>

export function sealFlow(providerId: string, checks: AuthorizationChecks, returnTo: string, linkUserId?: string): string {
  const flow: UpstreamFlow = { providerId, ...checks, returnTo, linkUserId, expiresAt: currentTime().getTime() + FLOW_TTL_SECONDS * 1000 }
  return seal(JSON.stringify(flow), config().authSecret, FLOW_PURPOSE)
}

/** The flow this browser started for `providerId` whose state is `state`, or null: no cookie, a
 * forged or expired one, another provider's, or another state (a tampered or foreign answer). */
export function openFlow(sealed: string | undefined, providerId: string, state: string | null): UpstreamFlow | null {
  if (!sealed || !state) return null
  let flow: UpstreamFlow
  try {
    flow = flowSchema.parse(JSON.parse(unseal(sealed, config().authSecret, FLOW_PURPOSE)))
  } catch {
    return null
  }
  if (flow.expiresAt <= currentTime().getTime() || flow.providerId !== providerId) return null
  return constantTimeEqual(flow.state, state) ? flow : null
}
