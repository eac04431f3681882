// Builds the token response shared by every grant (RFC 6749 §5.1, OIDC Core §3.1.3.3).
import type { Executor } from '@/db/client'
import { insertRefreshToken, recordAccessToken } from '@/db/queries/grants'
import type { Client, User, refreshTokens } from '@/db/schema'
import { config } from '../config'
import { randomToken, sha256 } from '../crypto'
import { noStoreHeaders } from '../http'
import type { ProtocolResponse } from '../contract'
import { stringResponse } from '../response'
import { mintAccessToken, mintIdToken, type MintedAccessToken } from './tokens'
import { userClaims } from './claims'
import { currentTime } from '../clock'

export interface TokenResponseBody {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  scope: string
  refresh_token?: string
  id_token?: string
}

export interface IssueInput {
  client: Client
  user: User | null
  scope: string[]
  grantId: string | null
  authTime?: Date | null
  nonce?: string | null
  refreshToken: boolean
  /** An ID token when the scope has openid; false skips it (refresh responses). */
  idToken?: boolean
  now?: Date
}

/** Mints the access token (and refresh / ID token when due) and records them. */
export async function issueTokens(db: Executor, input: IssueInput): Promise<TokenResponseBody> {
  const now = input.now ?? currentTime()
  const scope = input.scope.join(' ')
  const access = await mintAccessToken({ subject: input.user?.id ?? input.client.id, clientId: input.client.id, scope, authTime: input.authTime, now })
  const body = accessTokenBody(access, scope)
  if (input.grantId) {
    await recordAccessToken(db, { jti: access.jti, grantId: input.grantId, clientId: input.client.id, userId: input.user?.id ?? null, expiresAt: access.expiresAt })
  }
  if (input.refreshToken && input.grantId) {
    body.refresh_token = await issueRefreshToken(db, { grantId: input.grantId, clientId: input.client.id, userId: input.user?.id ?? null, scope, now })
  }
  if (input.user && input.scope.includes('openid') && input.idToken !== false) {
    body.id_token = await mintIdToken({
      subject: input.user.id,
      clientId: input.client.id,
      authTime: input.authTime ?? now,
      nonce: input.nonce,
      accessToken: access.token,
      claims: userClaims(input.user, input.scope),
      now,
    })
  }
  return body
}

/** The token response's access-token part (RFC 6749 §5.1). */
export function accessTokenBody(access: MintedAccessToken, scope: string): TokenResponseBody {
  return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope }
}

type RefreshTokenValues = { grantId: string; clientId: string; userId: string | null; scope: string; now: Date }

/** A new refresh token and the row that stores it (only its hash). */
export function newRefreshToken(values: RefreshTokenValues): { token: string; row: typeof refreshTokens.$inferInsert } {
  const token = randomToken()
  return {
    token,
    row: {
      tokenHash: sha256(token),
      grantId: values.grantId,
      clientId: values.clientId,
      userId: values.userId,
      scope: values.scope,
      expiresAt: new Date(values.now.getTime() + config().REFRESH_TOKEN_TTL * 1000),
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
