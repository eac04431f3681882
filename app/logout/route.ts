import { database } from '@/db/client'
import { audit } from '@/lib/audit'
import { redirectResponse } from '@/lib/oauth/errors'
import { requestContext } from '../_server/context'
import { stopSession } from '../_server/session'

// POST only: a GET (a link, an <img>) must not be able to log anyone out.
export async function POST(): Promise<Response> {
  const userId = await stopSession()
  if (userId) await audit(await database(), { event: 'user.logged_out', actorUserId: userId }, await requestContext())
  return redirectResponse('/login')
}
