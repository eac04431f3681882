// Responses whose body is a string we already hold. Building a Response from a string makes
// undici set up a ReadableStream at once, and draining it again in the lean server measured as
// a large share of a small JSON answer's cost. A StringResponse keeps the string and builds the
// stream only when someone asks for `body` (Next's route handlers do; the lean server does not:
// it writes RAW_BODY straight to the socket). Everywhere it is an ordinary Response.
export const RAW_BODY = Symbol.for('gatehouse.rawBody')

const encoder = new TextEncoder()

class StringResponse extends Response {
  readonly [RAW_BODY]: string
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = null
  #consumed = false

  constructor(text: string, init: ResponseInit) {
    super(null, init)
    this[RAW_BODY] = text
  }

  /** The text, as long as nobody has taken the body as a stream or read it. */
  get untouchedText(): string | undefined {
    return this.#stream || this.#consumed ? undefined : this[RAW_BODY]
  }

  // The same stream on every access (callers look at `body` and then pipe it).
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      const bytes = encoder.encode(this[RAW_BODY])
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
    return this.#stream ? new Response(this.#stream).text() : this[RAW_BODY]
  }
  override async json(): Promise<unknown> { return JSON.parse(await this.text()) }
  override async arrayBuffer(): Promise<ArrayBuffer> { return encoder.encode(await this.text()).buffer as ArrayBuffer }
  override async bytes(): Promise<Uint8Array<ArrayBuffer>> { return encoder.encode(await this.text()) as Uint8Array<ArrayBuffer> }
  override async blob(): Promise<Blob> { return new Blob([await this.text()], { type: this.headers.get('content-type') ?? '' }) }
  override clone(): Response { return new StringResponse(this[RAW_BODY], { status: this.status, statusText: this.statusText, headers: this.headers }) }
}

export function stringResponse(body: string, init: ResponseInit): Response {
  return new StringResponse(body, init)
}

/** The string body of a StringResponse nobody has read yet; undefined for any other response. */
export function rawBodyOf(response: Response): string | undefined {
  return response instanceof StringResponse ? response.untouchedText : undefined
}
