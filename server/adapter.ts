// Adapts node:http's IncomingMessage/ServerResponse to the protocol contract (lib/contract.ts).
// Bounded body, repeated headers kept (joined, so a doubled Authorization fails authentication
// instead of picking one), the client address set by us, never by the client, and no error can
// escape to crash the process. No Web Request or Response is built: undici's Headers, body
// streams and AbortSignal measured as a tenth of a token request.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HeaderMap, type ProtocolRequest, type ProtocolResponse } from '@/lib/contract'

export interface AdapterOptions {
  /** Bodies larger than this are cut at limit + 1 bytes: the handler sees "too large" and refuses. */
  bodyLimit: number
  /** Behind a trusted proxy the client address is the first X-Forwarded-For entry. */
  trustProxy: boolean
}

/** Reads at most `limit + 1` bytes of the body; stops reading (and drops the rest) past that. */
export function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = () => {
      if (done) return
      done = true
      // One copy, into a body of its own (not a view of node's shared buffer pool).
      const body = new Uint8Array(Math.min(size, limit + 1))
      let offset = 0
      for (const chunk of chunks) {
        const part = chunk.subarray(0, body.length - offset)
        body.set(part, offset)
        offset += part.length
      }
      resolve(body)
    }
    request.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      chunks.push(chunk)
      if (size > limit) {
        request.pause()
        finish()
      }
    })
    request.on('end', finish)
    request.on('error', (error) => { if (!done) { done = true; reject(error) } })
  })
}

/** The client's address as the handlers see it in X-Forwarded-For (one entry, ours): the socket's,
 * or behind a trusted proxy the first entry of the first X-Forwarded-For header it sent. */
export function clientAddressOf(socketAddress: string | undefined, forwarded: string | undefined, trustProxy: boolean): string {
  const fallback = socketAddress ?? 'unknown'
  if (!trustProxy) return fallback
  return forwarded?.split(',')[0]?.trim() || fallback
}

/** The protocol request of an incoming request, its body read (at most bodyLimit + 1 bytes). */
export async function protocolRequestOf(request: IncomingMessage, options: AdapterOptions): Promise<ProtocolRequest> {
  const headers = new HeaderMap()
  const raw = request.rawHeaders
  let forwarded: string | undefined
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]
    if (forwarded === undefined && name.length === 15 && name.toLowerCase() === 'x-forwarded-for') forwarded = raw[index + 1]
    headers.add(name, raw[index + 1])
  }
  const method = request.method ?? 'GET'
  const socket = request.socket
  return {
    method,
    url: request.url ?? '/',
    headers,
    body: method !== 'GET' && method !== 'HEAD' ? await readBody(request, options.bodyLimit) : null,
    clientAddress: clientAddressOf(socket.remoteAddress, forwarded, options.trustProxy),
    // A plain check, not an AbortSignal, which would cost every request a listener.
    clientGone: () => socket.destroyed,
  }
}

/** Writes a protocol response with one writeHead call. A Content-Length the response carries
 * (HEAD: the GET body's length) is kept; otherwise it is the body's. */
export function writeProtocolResponse(response: ProtocolResponse, target: ServerResponse): void {
  const head: string[] = []
  let declaredLength = false
  for (const name in response.headers) {
    if (name.length === 14 && name.toLowerCase() === 'content-length') declaredLength = true
    head.push(name, response.headers[name])
  }
  const body = response.body === '' ? null : Buffer.from(response.body, 'utf8')
  if (!declaredLength) head.push('Content-Length', String(body ? body.length : 0))
  target.writeHead(response.status, head)
  target.end(body ?? undefined)
}

/** Last resort when a handler or the adapter itself failed: a generic 500, process untouched. */
export function sendServerError(target: ServerResponse): void {
  if (target.headersSent) {
    target.destroy()
    return
  }
  const body = JSON.stringify({ error: 'server_error', error_description: 'An unexpected error occurred' })
  target.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) })
  target.end(body)
}
