import { redirectResponse } from '@/lib/response'
import { nextRoute } from '@/lib/web-adapter'
import { logOutSession } from '../_server/session'

export const dynamic = 'force-dynamic'

// POST only: a GET (a link, an <img>) must not be able to log anyone out.
async function logout() {
  await logOutSession()
  // The login page says so, rather than looking as if nothing happened.
  return redirectResponse('/login?logged_out=1')
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/logout', { POST: logout })
