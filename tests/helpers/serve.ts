// Requests to the endpoint table the way both servers make them: a Web Request through the
// adapter into dispatch(), and the answer back as a Web Response.
import type { ProtocolHandler } from '@/lib/contract'
import { dispatch } from '@/lib/endpoints'
import { toWebResponse } from '@/lib/response'
import { protocolRequestFrom } from '@/lib/web-adapter'

export async function serve(request: Request): Promise<Response> {
  return toWebResponse(await dispatch(await protocolRequestFrom(request)))
}

/** A single handler called the way the Next adapter calls it: Web Request in, Web Response out. */
export function overWeb(handler: ProtocolHandler): (request: Request) => Promise<Response> {
  return async (request) => toWebResponse(await handler(await protocolRequestFrom(request)))
}

export { protocolRequestFrom as protocolRequest } from '@/lib/web-adapter'
