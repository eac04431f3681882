// The protocol request/response contract: what every endpoint handler in lib/ takes and returns,
// whichever server received the request. Both adapters build it completely (the body is already
// read and size-limited), so a handler cannot depend on anything one of them lacks.
//   - Next route handlers: lib/web-adapter.ts (Web Request → ProtocolRequest → Response)
//   - the lean node:http server: server/adapter.ts (IncomingMessage → ProtocolRequest → ServerResponse)

/** Request headers, read-only; `get` is case-insensitive and joins repeats with ", " as the
 * Fetch API does, so a doubled Authorization fails authentication instead of one being picked. */
export interface RequestHeaders {
  get(name: string): string | null
}

export interface ProtocolRequest {
  readonly method: string
  /** Path and query as received, e.g. `/oauth/token?x=1`; never an absolute URL. */
  readonly url: string
  readonly headers: RequestHeaders
  /** The body, cut at the adapter's limit + 1 bytes (so "too large" stays detectable); null without one. */
  readonly body: Uint8Array | null
  /** Decided by the adapter (socket, or a trusted proxy's X-Forwarded-For), never by the client. */
  readonly clientAddress: string
  /** Aborts when the client goes away (Next); absent on the lean server, which offers clientGone. */
  readonly signal?: AbortSignal
  /** Whether the client has disconnected (lean server); absent where `signal` tells. */
  readonly clientGone?: () => boolean
}

export type HeaderRecord = Record<string, string>

export interface ProtocolResponse {
  readonly status: number
  /** Header names as the handler wrote them; one value each. */
  readonly headers: HeaderRecord
  readonly body: string
}

export type ProtocolHandler = (request: ProtocolRequest) => Promise<ProtocolResponse>

/** Request headers over a Map with lowercased names: what both adapters and tests build. */
export class HeaderMap implements RequestHeaders {
  readonly #values = new Map<string, string>()

  constructor(entries?: Iterable<readonly [string, string]>) {
    if (entries) for (const [name, value] of entries) this.add(name, value)
  }

  /** Adds a header as received (before handlers see the object). */
  add(name: string, value: string): void {
    const key = name.toLowerCase()
    const previous = this.#values.get(key)
    this.#values.set(key, previous === undefined ? value : `${previous}, ${value}`)
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null
  }
}

/** The value of a response header, names compared case-insensitively. */
export function responseHeader(headers: HeaderRecord, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const key in headers) if (key.toLowerCase() === lower) return headers[key]
  return undefined
}
