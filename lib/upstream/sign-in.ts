// The two ends of an upstream sign-in, as plain functions: begin() makes the redirect and the
// sealed flow; complete() checks the answer, redeems the code and signs the person in, up or
// links them. The app's adapters only move cookies and redirects.
import type { Database } from '@/db/client'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { log } from '../log'
import { config } from '../config'
import { addressKey, releaseAttempt, reserveAttempt, type Limit } from '../rate-limit'
import { linkUpstreamAccount, signInWithUpstream } from './accounts'
import { finishAuthorization, startAuthorization } from './client'
import { UpstreamFailure, type UpstreamFailureReason } from './failures'
import { openFlow, sealFlow } from './flow'
import { callbackUrl, findProvider } from './providers'

export type BeginOutcome = { ok: true; redirectTo: string; sealedFlow: string } | { ok: false; reason: UpstreamFailureReason }

/** Starts a sign-in (or, with `linkUser`, a link) at the provider. */
export async function beginUpstreamSignIn(db: Database, providerId: string, returnTo: string, linkUser?: User): Promise<BeginOutcome> {
  const provider = await findProvider(db, providerId)
  if (!provider) return { ok: false, reason: 'unknown_provider' }
  try {
    const { url, checks } = await startAuthorization(provider)
    return { ok: true, redirectTo: url.href, sealedFlow: sealFlow(provider.id, checks, returnTo, linkUser?.id) }
  } catch (error) {
    if (error instanceof UpstreamFailure) return { ok: false, reason: error.reason }
    throw error
  }
}

export type CompleteOutcome =
  // A first factor: `amr` is what the provider reported (often nothing); the app adds a second
  // step when the account has one.
  | { kind: 'signed_in'; user: User; created: boolean; amr: string[]; returnTo: string }
  | { kind: 'linked'; returnTo: string }
  | { kind: 'failed'; reason: UpstreamFailureReason; returnTo: string }

/** Upstream answers count against the source address like failed password logins do: counted
 * before the code is redeemed, taken back on success. */
function upstreamLimits(context: RequestContext): Limit[] {
  return [{ key: `upstream:address:${addressKey(context.ip)}`, max: config().LOGIN_MAX_FAILURES_PER_IP }]
}

/**
 * Handles the provider's answer at `{ISSUER}/login/upstream/{id}/callback`. `query` is the
 * answer's query string; `sealedFlow` the flow cookie; `signedIn` the browser's current user.
 */
export async function completeUpstreamSignIn(db: Database, providerId: string, query: string, sealedFlow: string | undefined, signedIn: User | null, context: RequestContext): Promise<CompleteOutcome> {
  const answer = new URL(`${callbackUrl(providerId)}?${new URLSearchParams(query)}`)
  const flow = openFlow(sealedFlow, providerId, answer.searchParams.get('state'))
  const failed = async (reason: UpstreamFailureReason, subjectUserId: string | null = null): Promise<CompleteOutcome> => {
    await audit(db, { event: 'user.login_failed', subjectUserId, details: { method: 'upstream', provider: providerId, reason } }, context)
    return { kind: 'failed', reason, returnTo: flow?.returnTo ?? '/login' }
  }
  if (!flow) return failed('bad_state')
  const provider = await findProvider(db, providerId)
  if (!provider) return failed('unknown_provider')
  // A link belongs to the browser that asked for it, still signed in as the same user.
  if (flow.linkUserId && signedIn?.id !== flow.linkUserId) return failed('bad_state')

  const limits = upstreamLimits(context)
  const reservation = await reserveAttempt(db, limits, config().RATE_LIMIT_WINDOW)
  if (!reservation.granted) return failed('throttled')
  try {
    const identity = await finishAuthorization(provider, answer, flow)
    if (flow.linkUserId && signedIn) {
      await linkUpstreamAccount(db, signedIn, provider, identity, context)
      await releaseAttempt(db, reservation)
      return { kind: 'linked', returnTo: flow.returnTo }
    }
    const { user, created } = await signInWithUpstream(db, provider, identity, context)
    await releaseAttempt(db, reservation)
    return { kind: 'signed_in', user, created, amr: identity.amr, returnTo: flow.returnTo }
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error
    // What the library found wrong (its messages name the check, never a token's value).
    log.warn('upstream sign-in failed', { provider: providerId, reason: error.reason, cause: describeCause(error.cause) })
    return failed(error.reason, flow.linkUserId ?? null)
  }
}

function describeCause(cause: unknown): Record<string, unknown> | null {
  if (!(cause instanceof Error)) return null
  const inner = cause.cause instanceof Error ? { name: cause.cause.name, message: cause.cause.message } : undefined
  return { name: cause.name, message: cause.message, errorCode: (cause as { code?: unknown }).code, inner }
}
