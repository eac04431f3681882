// Server-side sessions: the browser holds only a random id; the tokens stay in this process.
// A session lives one hour from sign-in, whatever happens in it, and is then forgotten here.
import { randomBytes } from 'node:crypto'
import type { TokenEndpointResponse } from 'openid-client'

export const SESSION_LIFETIME_MS = 60 * 60 * 1000
/** A sign-in that has not come back from Gatehouse within this long is dropped. */
export const PENDING_LIFETIME_MS = 10 * 60 * 1000

/** What the app must check the authorization response against (RFC 7636, OIDC Core §3.1.2.1). */
export interface PendingSignIn { codeVerifier: string; state: string; nonce: string }

export interface SignedIn {
  subject: string
  idToken: string
  idTokenClaims: Record<string, unknown>
  userinfo: Record<string, unknown>
  tokens: { accessToken: string; refreshToken: string | undefined; issuedAt: number; expiresAt: number }
  refreshes: number
  lastRefreshAt: number | null
  lastApiCall: { status: number; body: string; at: number } | null
  /** The one refresh in flight: a rotated refresh token may be used once only (a second use revokes them all). */
  refreshing: Promise<void> | null
}

export interface Session { id: string; expiresAt: number; pending?: PendingSignIn; user?: SignedIn }

export class SessionStore {
  private readonly sessions = new Map<string, Session>()

  constructor(private readonly now: () => number = Date.now) {}

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined
    const session = this.sessions.get(id)
    if (!session) return undefined
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id)
      return undefined
    }
    return session
  }

  /** Always a new id: signing in replaces the pre-login session, so a planted id is worth nothing. */
  create(fields: Omit<Session, 'id' | 'expiresAt'>, lifetimeMs: number): Session {
    this.sweep()
    const session: Session = { id: randomBytes(32).toString('base64url'), expiresAt: this.now() + lifetimeMs, ...fields }
    this.sessions.set(session.id, session)
    return session
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id)
  }

  private sweep(): void {
    const now = this.now()
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id)
  }
}

export function tokensFrom(response: TokenEndpointResponse, now: number, previousRefreshToken?: string): SignedIn['tokens'] {
  return {
    accessToken: response.access_token,
    // A refresh answer without a new refresh token leaves the old one in force (RFC 6749 §6).
    refreshToken: response.refresh_token ?? previousRefreshToken,
    issuedAt: now,
    expiresAt: now + (response.expires_in ?? 0) * 1000,
  }
}
