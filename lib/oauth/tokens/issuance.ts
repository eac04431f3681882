// Builds the token response shared by every grant (RFC 6749 §5.1, OIDC Core §3.1.3.3).
import type { Executor } from '@/db/client'
import { insertRefreshToken, recordAccessToken } from '@/db/queries/grants'
import type { Client, User, refreshTokens } from '@/db/schema'
import { config } from '../../config'
import { randomToken, sha256 } from '../../crypto'
import { noStoreHeaders } from '../../http'
import type { ProtocolResponse } from '../../contract'
import { stringResponse } from '../../response'
import { mintAccessToken, type MintedAccessToken } from './access-token'
import { mintIdToken } from './id-token'
import type { SigningKeys } from './signing-keys'
import { userClaims } from '../claims'
import { currentTime } from '../../clock'

export interface TokenResponseBody {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  /** Absent when no scope was granted (RFC 6749 §3.3: a scope has at least one token). */
  scope?: string
  refresh_token?: string
  id_token?: string
}

export interface IssueInput {
  client: Client
  user: User | null
  scope: string[]
  /** The grant the tokens belong to (null for client_credentials); its start bounds the refresh family. */
  grant: GrantStart | null
  authTime?: Date | null
  /** How the user signed in (RFC 8176 method values), for the ID token. */
  amr?: string[] | null
  nonce?: string | null
  refreshToken: boolean
  /** An ID token when the scope has openid; false skips it (refresh responses). */
  idToken?: boolean
  now?: Date
  /** Required when issuing inside a transaction (see SigningKeys). */
  keys?: SigningKeys
  /** The access token's resource (RFC 8707); Gatehouse's own API when absent. */
  audience?: string
}

export interface GrantStart { id: string; createdAt: Date }

/** Mints the access token (and refresh / ID token when due) and records them. */
export async function issueTokens(db: Executor, input: IssueInput): Promise<TokenResponseBody> {
  const now = input.now ?? currentTime()
  const scope = input.scope.join(' ')
  const { grant } = input
  const access = await mintAccessToken({ subject: input.user?.id ?? input.client.id, clientId: input.client.id, scope, authTime: input.authTime, now, key: input.keys?.accessToken, audience: input.audience })
  const body = accessTokenBody(access, scope)
  if (grant) {
    await recordAccessToken(db, { jti: access.jti, grantId: grant.id, clientId: input.client.id, userId: input.user?.id ?? null, expiresAt: access.expiresAt })
  }
  if (input.refreshToken && grant) {
    body.refresh_token = await issueRefreshToken(db, { grant, clientId: input.client.id, userId: input.user?.id ?? null, scope, now, parentId: null })
  }
  if (input.user && input.scope.includes('openid') && input.idToken !== false) {
    body.id_token = await mintIdToken({
      subject: input.user.id,
      clientId: input.client.id,
      authTime: input.authTime ?? now,
      amr: input.amr,
      nonce: input.nonce,
      accessToken: access.token,
      claims: userClaims(input.user, input.scope),
      now,
      key: input.keys?.idToken,
    })
  }
  return body
}

/** The token response's access-token part (RFC 6749 §5.1). */
export function accessTokenBody(access: MintedAccessToken, scope: string): TokenResponseBody {
  return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope }
}

type RefreshTokenValues = { grant: GrantStart; clientId: string; userId: string | null; scope: string; now: Date; parentId: string | null }

/** A refresh family ends REFRESH_TOKEN_ABSOLUTE_TTL after its grant began, however often it
 * rotates: rotation must not keep a stolen or forgotten family alive forever. */
export function refreshFamilyExpiry(grant: GrantStart): Date {
  return new Date(grant.createdAt.getTime() + config().REFRESH_TOKEN_ABSOLUTE_TTL * 1000)
}

/** A new refresh token and the row that stores it (only its hash). It lives the idle lifetime
 * (REFRESH_TOKEN_TTL) from now, never past its family's end. */
export function newRefreshToken(values: RefreshTokenValues): { token: string; row: typeof refreshTokens.$inferInsert } {
  const token = randomToken()
  const idleEnd = values.now.getTime() + config().REFRESH_TOKEN_TTL * 1000
  return {
    token,
    row: {
      tokenHash: sha256(token),
      grantId: values.grant.id,
      clientId: values.clientId,
      userId: values.userId,
      scope: values.scope,
      parentId: values.parentId,
      expiresAt: new Date(Math.min(idleEnd, refreshFamilyExpiry(values.grant).getTime())),
      createdAt: values.now,
    },
  }
}

export async function issueRefreshToken(db: Executor, values: RefreshTokenValues): Promise<string> {
  const { token, row } = newRefreshToken(values)
  await insertRefreshToken(db, row)
  return token
}

/** 200 with Cache-Control: no-store (RFC 6749 §5.1, OAuth 2.1 §3.2.3). */
export function tokenResponse(body: TokenResponseBody): ProtocolResponse {
  return stringResponse(JSON.stringify(body), { status: 200, headers: { ...noStoreHeaders, 'Content-Type': 'application/json' } })
}
