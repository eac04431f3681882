import type { Database } from '@/db/client'
import type { Client } from '@/db/schema'
import type { RequestContext } from '../../audit'
import type { FormParameters } from '../../http'
import type { TokenResponseBody } from '../tokens/issuance'

export const TOKEN_PARAMETERS = [
  'grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'scope', 'username', 'password',
  'client_id', 'client_secret', 'resource',
] as const

export type TokenParameters = FormParameters<(typeof TOKEN_PARAMETERS)[number]>

export interface GrantContext {
  db: Database
  client: Client
  params: TokenParameters
  request: RequestContext
  now: Date
}

export type GrantHandler = (context: GrantContext) => Promise<TokenResponseBody>
