// Adapts node:http's IncomingMessage/ServerResponse to the Web Request → Response handlers in
// lib/. Bounded body, repeated headers kept (Headers joins them, so a doubled Authorization
// fails authentication instead of picking one), the client address set by us, never by the
// client, and no error can escape to crash the process.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { CLIENT_GONE } from '@/lib/deadline'
import { PRE_READ_BODY } from '@/lib/http'
import { rawBodyOf, rawHeadersOf } from '@/lib/response'

export interface AdapterOptions {
  /** Origin used to build request URLs; handlers never trust it for anything but parsing. */
  origin: string
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

/**
 * What the handlers receive: the Request members they use (method, url, headers, body, text(),
 * arrayBuffer()) over a body already read. Building a full undici Request per call cost about a
 * tenth of a token request (measured: its body extraction, AbortSignal and stream set-up); this
 * costs nearly nothing, and lib/http.ts reads the bytes straight from PRE_READ_BODY.
 */
class LeanRequest {
  readonly [PRE_READ_BODY]: Uint8Array<ArrayBuffer> | undefined
  /** Whether the client has disconnected: its work must not commit any more (lib/deadline.ts). */
  readonly [CLIENT_GONE]: () => boolean
  constructor(readonly method: string, readonly url: string, readonly headers: Headers, body: Uint8Array<ArrayBuffer> | undefined, socket: Socket) {
    this[PRE_READ_BODY] = body
    this[CLIENT_GONE] = () => socket.destroyed
  }
  get body(): ReadableStream<Uint8Array> | null {
    const bytes = this[PRE_READ_BODY]
    return bytes ? new Blob([bytes]).stream() : null
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return (this[PRE_READ_BODY] ?? new Uint8Array()).slice().buffer
  }
  async text(): Promise<string> {
    return new TextDecoder().decode(this[PRE_READ_BODY] ?? new Uint8Array())
  }
}

/**
 * The request headers the handlers read, over a plain Map (names lowercased, repeats joined with
 * ", " as the Fetch API's Headers joins them). undici's Headers validates and normalises on every
 * call, which measured as a visible share of a token request; node's parser has validated these
 * already. Read-only: handlers never change a request's headers.
 */
class LeanHeaders implements Headers {
  readonly #values = new Map<string, string>()

  /** Adds a header as received; for the adapter, before handlers see the object. */
  add(name: string, value: string): void {
    const previous = this.#values.get(name)
    this.#values.set(name, previous === undefined ? value : `${previous}, ${value}`)
  }

  get(name: string): string | null { return this.#values.get(name.toLowerCase()) ?? null }
  has(name: string): boolean { return this.#values.has(name.toLowerCase()) }
  getSetCookie(): string[] { return [] }
  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this)
  }
  *entries(): HeadersIterator<[string, string]> {
    // Sorted by name, as Headers iterates.
    for (const name of [...this.#values.keys()].sort()) yield [name, this.#values.get(name)!]
  }
  *keys(): HeadersIterator<string> { for (const [name] of this.entries()) yield name }
  *values(): HeadersIterator<string> { for (const [, value] of this.entries()) yield value }
  [Symbol.iterator](): HeadersIterator<[string, string]> { return this.entries() }
  append(): void { throw new TypeError('Request headers are immutable') }
  set(): void { throw new TypeError('Request headers are immutable') }
  delete(): void { throw new TypeError('Request headers are immutable') }
}

export async function toWebRequest(request: IncomingMessage, options: AdapterOptions): Promise<Request> {
  const headers = new LeanHeaders()
  const raw = request.rawHeaders
  let forwarded: string | undefined
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index].toLowerCase()
    // Hop-by-hop and client-claimed address headers are not passed on.
    if (name === 'x-forwarded-for') forwarded ??= raw[index + 1]
    if (name === 'x-forwarded-for' || name === 'connection' || name === 'transfer-encoding' || name === 'keep-alive') continue
    headers.add(name, raw[index + 1])
  }
  headers.add('x-forwarded-for', clientAddressOf(request.socket.remoteAddress, forwarded, options.trustProxy))
  const method = request.method ?? 'GET'
  const body = method !== 'GET' && method !== 'HEAD' ? await readBody(request, options.bodyLimit) : undefined
  return new LeanRequest(method, options.origin + (request.url ?? '/'), headers, body, request.socket) as unknown as Request
}

export interface SendOptions {
  /** HEAD: status and headers only. */
  headOnly?: boolean
  /** Headers every answer carries (a flat [name, value, …] list), written before the response's own. */
  extraHeaders?: readonly string[]
}

/** Writes a Web Response with one writeHead call. A StringResponse's record and text are taken as
 * they are; asking for `.headers` or `.body` first would build undici objects for nothing. */
export async function sendWebResponse(response: Response, target: ServerResponse, options: SendOptions = {}): Promise<void> {
  const head: string[] = options.extraHeaders ? [...options.extraHeaders] : []
  const record = rawHeadersOf(response)
  if (record) {
    for (const name in record) if (name.toLowerCase() !== 'content-length') head.push(name, record[name])
  } else {
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie' && name !== 'content-length') head.push(name, value)
    })
    for (const cookie of response.headers.getSetCookie()) head.push('set-cookie', cookie)
  }
  const raw = rawBodyOf(response)
  const body = options.headOnly ? null : raw !== undefined ? Buffer.from(raw, 'utf8') : response.body ? Buffer.from(await response.arrayBuffer()) : null
  if (body) head.push('content-length', String(body.length))
  else if (options.headOnly) {
    const declared = record ? Object.entries(record).find(([name]) => name.toLowerCase() === 'content-length')?.[1] : response.headers.get('content-length')
    if (declared) head.push('content-length', declared)
  }
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
