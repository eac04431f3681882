// The opening every client-authenticated back-channel endpoint shares (token, revocation,
// introspection): POST only, a size-limited form with declared parameters, and exactly one
// client authentication method — in one place, so a check added here holds for all three.
import { database, type Database } from '@/db/client'
import type { Client } from '@/db/schema'
import type { RequestContext } from '../audit'
import type { ProtocolRequest } from '../contract'
import { readForm, type FormParameters } from '../http'
import { authenticateClient } from './client-auth'
import { OAuthError } from './errors'

export interface BackChannelRequest<Name extends string> {
  db: Database
  params: FormParameters<Name>
  client: Client
  context: RequestContext
}

export async function readClientRequest<Name extends 'client_id' | 'client_secret' | string>(
  request: ProtocolRequest, names: readonly Name[], endpoint: string,
): Promise<BackChannelRequest<Name>> {
  if (request.method !== 'POST') throw new OAuthError('invalid_request', `The ${endpoint} endpoint accepts POST only`)
  const params = await readForm(request, names)
  const db = await database()
  const context = { ip: request.clientAddress, userAgent: request.headers.get('user-agent') }
  const client = await authenticateClient(db, request, params as { client_id?: string; client_secret?: string }, context)
  return { db, params, client, context }
}
