// Responses whose body is a string we already hold. Building a Response from a string makes
// undici set up a ReadableStream at once, and draining it again in the lean server measured as
// a large share of a small JSON answer's cost. A StringResponse keeps the string and builds the
// stream only when someone asks for `body` (Next's route handlers do; the lean server does not:
// it writes RAW_BODY straight to the socket). Everywhere it is an ordinary Response.
export const RAW_BODY = Symbol.for('gatehouse.rawBody')

const encoder = new TextEncoder()

class StringResponse extends Response {
  readonly [RAW_BODY]: string
  #used = false

  constructor(text: string, init: ResponseInit) {
    super(null, init)
    this[RAW_BODY] = text
  }

  #take(): string {
    if (this.#used) throw new TypeError('Body has already been consumed')
    this.#used = true
    return this[RAW_BODY]
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#used) return null
    const bytes = encoder.encode(this.#take())
    return new ReadableStream({ start(controller) { controller.enqueue(bytes); controller.close() } })
  }

  override get bodyUsed(): boolean { return this.#used }
  override async text(): Promise<string> { return this.#take() }
  override async json(): Promise<unknown> { return JSON.parse(this.#take()) }
  override async arrayBuffer(): Promise<ArrayBuffer> { return encoder.encode(this.#take()).buffer as ArrayBuffer }
  override async bytes(): Promise<Uint8Array<ArrayBuffer>> { return encoder.encode(this.#take()) as Uint8Array<ArrayBuffer> }
  override async blob(): Promise<Blob> { return new Blob([this.#take()], { type: this.headers.get('content-type') ?? '' }) }
  override clone(): Response { return new StringResponse(this[RAW_BODY], { status: this.status, statusText: this.statusText, headers: this.headers }) }
}

export function stringResponse(body: string, init: ResponseInit): Response {
  return new StringResponse(body, init)
}

/** The string body of a StringResponse nobody has read yet; undefined for any other response. */
export function rawBodyOf(response: Response): string | undefined {
  return response instanceof StringResponse && !response.bodyUsed ? response[RAW_BODY] : undefined
}
