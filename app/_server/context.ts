import 'server-only'
import { headers } from 'next/headers'
import type { RequestContext } from '@/lib/audit'
import { config } from '@/lib/config'
import { clientAddress } from '@/lib/http'

/** IP and user agent of the current request, for audit rows and rate limits. */
export async function requestContext(): Promise<RequestContext> {
  const all = await headers()
  return { ip: clientAddress(all, config().TRUST_PROXY), userAgent: all.get('user-agent') }
}
