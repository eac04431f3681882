// Requests to the endpoint table the way both servers make them: a Web Request through the
// adapter into dispatch(), and the answer back as a Web Response.
import { dispatch } from '@/lib/endpoints'
import { toWebResponse } from '@/lib/response'
import { protocolRequestFrom } from '@/lib/web-adapter'

export async function serve(request: Request): Promise<Response> {
  return toWebResponse(await dispatch(await protocolRequestFrom(request)))
}

export { protocolRequestFrom as protocolRequest } from '@/lib/web-adapter'
