// GitHub: OAuth 2.0 (no discovery, no ID token) and its REST API for the person. The address
// taken is the primary one, and it counts as verified only when GitHub says so: the `email` of
// /user is whatever the person chose to make public, verified or not.
import { UpstreamFailure, classifyUpstreamError } from './failures'
import type { UpstreamIdentity } from './identity'

export const GITHUB_AUTHORIZATION_SERVER = {
  issuer: 'https://github.com',
  authorization_endpoint: 'https://github.com/login/oauth/authorize',
  token_endpoint: 'https://github.com/login/oauth/access_token',
}
const GITHUB_API = 'https://api.github.com'

/** The fields of GET /user that matter here. */
export interface GitHubUser { id: number; login: string; name?: string | null; email?: string | null }
/** One entry of GET /user/emails. */
export interface GitHubEmail { email: string; primary: boolean; verified: boolean }

function isGitHubUser(value: unknown): value is GitHubUser {
  const user = value as GitHubUser
  return typeof value === 'object' && value !== null && Number.isSafeInteger(user.id) && typeof user.login === 'string'
}

function isGitHubEmails(value: unknown): value is GitHubEmail[] {
  return Array.isArray(value) && value.every((entry: GitHubEmail) => typeof entry?.email === 'string' && typeof entry.primary === 'boolean' && typeof entry.verified === 'boolean')
}

/** The identity of a GitHub user: the primary address, verified only if GitHub verified it. */
export function gitHubIdentity(user: GitHubUser, emails: GitHubEmail[]): UpstreamIdentity {
  const primary = emails.find((entry) => entry.primary)
  return {
    subject: String(user.id),
    email: primary?.email ?? null,
    emailVerified: primary?.verified === true,
    username: user.login,
    name: user.name ?? null,
    // GitHub says nothing of how the person signed in there.
    amr: [],
  }
}

async function getJson(path: string, accessToken: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(`${GITHUB_API}${path}`, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      // GitHub refuses API requests without a User-Agent.
      'User-Agent': 'Gatehouse',
    },
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((error: unknown) => {
    throw new UpstreamFailure(classifyUpstreamError(error), error)
  })
  if (response.status >= 500) throw new UpstreamFailure('unreachable')
  if (!response.ok) throw new UpstreamFailure('upstream_error')
  return response.json().catch(() => {
    throw new UpstreamFailure('invalid_response')
  })
}

export async function fetchGitHubIdentity(accessToken: string, timeoutMs: number): Promise<UpstreamIdentity> {
  const [user, emails] = await Promise.all([getJson('/user', accessToken, timeoutMs), getJson('/user/emails', accessToken, timeoutMs)])
  if (!isGitHubUser(user) || !isGitHubEmails(emails)) throw new UpstreamFailure('invalid_response')
  return gitHubIdentity(user, emails)
}
