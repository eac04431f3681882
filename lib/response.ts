// Responses whose body is a string we already hold. Building a Response from a string makes
// undici set up a ReadableStream at once, and draining it again in the lean server measured as
// a large share of a small JSON answer's cost; so did filling and then iterating undici's
// Headers. A StringResponse keeps the string and a plain header record, and builds the stream
// or the Headers only when someone asks for `body` or `headers` (Next's route handlers do; the
// lean server does not: it writes both straight to the socket). Everywhere it is an ordinary
// Response.
const encoder = new TextEncoder()

export type HeaderRecord = Record<string, string>

/** RFC 6749 §5.1: answers carrying tokens or credentials are never cached. */
export const noStoreHeaders = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

class StringResponse extends Response {
  readonly #text: string
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = null
  #consumed = false
  /** Header names as given (the lean server writes them as they are); null once materialised. */
  #record: HeaderRecord | null
  #headers: Headers | null = null

  constructor(text: string, status: number, headers: HeaderRecord) {
    super(null, { status })
    this.#text = text
    this.#record = headers
  }

  /** The text, as long as nobody has taken the body as a stream or read it. */
  get untouchedText(): string | undefined {
    return this.#stream || this.#consumed ? undefined : this.#text
  }

  /** The header record, as long as nobody has asked for the Headers object. */
  get untouchedHeaders(): HeaderRecord | null {
    return this.#record
  }

  override get headers(): Headers {
    if (!this.#headers) {
      const headers = super.headers
      for (const name in this.#record) headers.set(name, this.#record[name])
      this.#headers = headers
      this.#record = null
    }
    return this.#headers
  }

  // The same stream on every access (callers look at `body` and then pipe it).
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      const bytes = encoder.encode(this.#text)
      // Read once = used, as for any Response (the Fetch spec's "disturbed").
      // highWaterMark 0: nothing is pulled before somebody reads.
      this.#stream = new ReadableStream({ pull: (controller) => { this.#consumed = true; controller.enqueue(bytes); controller.close() } }, { highWaterMark: 0 })
    }
    return this.#stream
  }

  override get bodyUsed(): boolean { return this.#consumed }
  override async text(): Promise<string> {
    if (this.bodyUsed) throw new TypeError('Body has already been consumed')
    this.#consumed = true
    return this.#stream ? new Response(this.#stream).text() : this.#text
  }
  override async json(): Promise<unknown> { return JSON.parse(await this.text()) }
  override async arrayBuffer(): Promise<ArrayBuffer> { return encoder.encode(await this.text()).buffer as ArrayBuffer }
  override async bytes(): Promise<Uint8Array<ArrayBuffer>> { return encoder.encode(await this.text()) as Uint8Array<ArrayBuffer> }
  override async blob(): Promise<Blob> { return new Blob([await this.text()], { type: this.headers.get('content-type') ?? '' }) }
  override clone(): Response { return new StringResponse(this.#text, this.status, Object.fromEntries(this.headers)) }
}

export function stringResponse(body: string, init: { status?: number; headers?: HeaderRecord }): Response {
  return new StringResponse(body, init.status ?? 200, init.headers ?? {})
}

/** The string body of a StringResponse nobody has read yet; undefined for any other response. */
export function rawBodyOf(response: Response): string | undefined {
  return response instanceof StringResponse ? response.untouchedText : undefined
}

/** The header record of a StringResponse whose Headers nobody has built; null otherwise. */
export function rawHeadersOf(response: Response): HeaderRecord | null {
  return response instanceof StringResponse ? response.untouchedHeaders : null
}

/** Sets a response header: in the record while there is one, else in Headers (copying the
 * response first when its headers are immutable, as Response.redirect's are). */
export function withHeader(response: Response, name: string, value: string): Response {
  const record = rawHeadersOf(response)
  if (record) {
    const lower = name.toLowerCase()
    for (const existing in record) if (existing.toLowerCase() === lower) delete record[existing]
    record[name] = value
    return response
  }
  try {
    response.headers.set(name, value)
    return response
  } catch {
    const copy = new Response(response.body, response)
    copy.headers.set(name, value)
    return copy
  }
}
