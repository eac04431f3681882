// The bounded mixed load: refresh-token chains, client_credentials, resource calls and pages.
import { basicAuthorization } from '../../bench/net'
import { elapsed, sleep } from './clock'
import type { Traffic } from './traffic'

export interface Credentials {
  clientId: string
  clientSecret: string
  sessionCookie: string
}

/** One refresh-token family as its client sees it: the latest tokens it holds. */
export interface Family {
  index: number
  refreshToken: string
  accessToken: string
  grantId: string
  refreshes: number
  /** Why the client could not go on, and when (null while the family lives). */
  lost: string | null
  lostAt: number | null
}

function lose(family: Family, reason: string): false {
  family.lost = reason
  family.lostAt = elapsed()
  return false
}

/** Pauses between requests of one worker: about 100 requests/s in all, well inside two cores. */
const REFRESH_PACE_MS = 250
const CLIENT_CREDENTIALS_PACE_MS = 150
const RESOURCE_PACE_MS = 150
const PAGE_PACE_MS = 300
/** A retry waits this long, whatever Retry-After says, so that recovery is measured at the
 * server and not in the client's back-off. */
const RETRY_DELAY_MS = 250

function tokenRequest(credentials: Credentials, params: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuthorization(credentials.clientId, credentials.clientSecret) },
    body: new URLSearchParams(params).toString(),
  }
}

function retriable(status: number | null): boolean {
  return status === null || status === 429 || status >= 500
}

/**
 * One refresh: on a timeout, a 5xx, a 429 or a network error the client cannot know whether the
 * server rotated the token, so it retries WITH THE SAME refresh token, as a real client would.
 * Any other answer than 200 ends the family for the client (it would send its user to log in).
 * Returns false when the family is lost.
 */
export async function refreshOnce(traffic: Traffic, credentials: Credentials, family: Family, giveUpAt: number): Promise<boolean> {
  const request = tokenRequest(credentials, { grant_type: 'refresh_token', refresh_token: family.refreshToken })
  for (;;) {
    const answer = await traffic.send('refresh', traffic.nextInstance(), '/oauth/token', request)
    if (answer.status === 200) {
      const body = JSON.parse(answer.body) as { access_token: string; refresh_token?: string }
      if (!body.refresh_token) return lose(family, 'a refresh answered without a new refresh token')
      family.refreshToken = body.refresh_token
      family.accessToken = body.access_token
      family.refreshes++
      return true
    }
    if (!retriable(answer.status)) return lose(family, `refresh answered ${answer.status}: ${answer.body.slice(0, 200)}`)
    if (elapsed() >= giveUpAt) return lose(family, `no successful refresh before the test ended (last: ${answer.status ?? 'no answer'})`)
    await sleep(RETRY_DELAY_MS)
  }
}

export interface LoadPlan {
  traffic: Traffic
  credentials: Credentials
  families: Family[]
  /** Set to true to end the load: workers finish what they are doing (refreshes with retries). */
  stopped: () => boolean
  /** A refresh still failing at this point of the test clock gives up. */
  giveUpAt: () => number
}

async function refreshChain(plan: LoadPlan, family: Family): Promise<void> {
  // Staggered starts, so that the chains do not move in step.
  await sleep(family.index * (REFRESH_PACE_MS / plan.families.length))
  while (!plan.stopped()) {
    if (!await refreshOnce(plan.traffic, plan.credentials, family, plan.giveUpAt())) return
    await sleep(REFRESH_PACE_MS)
  }
}

async function clientCredentialsWorker(plan: LoadPlan): Promise<void> {
  const request = tokenRequest(plan.credentials, { grant_type: 'client_credentials', scope: 'bench:read' })
  while (!plan.stopped()) {
    await plan.traffic.send('client_credentials', plan.traffic.nextInstance(), '/oauth/token', request)
    await sleep(CLIENT_CREDENTIALS_PACE_MS)
  }
}

async function resourceWorker(plan: LoadPlan, offset: number): Promise<void> {
  let turn = offset
  while (!plan.stopped()) {
    const family = plan.families[turn++ % plan.families.length]
    await plan.traffic.send('resource', plan.traffic.nextInstance(), '/api/resources', { headers: { authorization: `Bearer ${family.accessToken}` } })
    await sleep(RESOURCE_PACE_MS)
  }
}

async function pageWorker(plan: LoadPlan): Promise<void> {
  let account = false
  while (!plan.stopped()) {
    account = !account
    if (account) await plan.traffic.send('account page', plan.traffic.nextInstance(), '/account', { headers: { cookie: plan.credentials.sessionCookie } })
    else await plan.traffic.send('login page', plan.traffic.nextInstance(), '/login')
    await sleep(PAGE_PACE_MS)
  }
}

/** Runs every worker until `stopped()`; resolves when the last one has finished. */
export async function runLoad(plan: LoadPlan): Promise<void> {
  await Promise.all([
    ...plan.families.map((family) => refreshChain(plan, family)),
    clientCredentialsWorker(plan), clientCredentialsWorker(plan),
    resourceWorker(plan, 0), resourceWorker(plan, 1),
    pageWorker(plan),
  ])
}
