import { database } from '@/db/client'
import { audit } from '@/lib/audit'
import { redirectResponse } from '@/lib/oauth/errors'
import { fromWebResponse } from '@/lib/response'
import { nextRoute } from '@/lib/web-adapter'
import { requestContext } from '../_server/context'
import { stopSession } from '../_server/session'

export const dynamic = 'force-dynamic'

// POST only: a GET (a link, an <img>) must not be able to log anyone out.
async function logout() {
  const userId = await stopSession()
  if (userId) await audit(await database(), { event: 'user.logged_out', actorUserId: userId }, await requestContext())
  return fromWebResponse(redirectResponse('/login'))
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/logout', { POST: logout })
