// A minimal HTTP/1.1 client over node:net, so that a request can carry what node:http and fetch
// refuse to send: absolute-form and asterisk targets, broken escapes, odd methods, bad bodies.
import { connect } from 'node:net'

export interface RawRequest { method: string; target: string; headers: [string, string][]; body?: Buffer }
export interface RawResponse { status: number; headers: Map<string, string[]>; body: Buffer }

export function serialise(request: RawRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${host}`, 'Connection: close']
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`)
  if (request.body !== undefined && !request.headers.some(([name]) => name.toLowerCase() === 'content-length')) lines.push(`Content-Length: ${request.body.length}`)
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body ?? Buffer.alloc(0)])
}

/** Sends raw bytes and reads until the server closes; status 0 when it closed without answering. */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 20_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer within ${timeoutMs} ms`)) }, timeoutMs)
    socket.on('connect', () => socket.write(bytes))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', () => { /* a reset after the answer is fine; "close" decides */ })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parseResponse(Buffer.concat(chunks)))
    })
  })
}

function parseResponse(data: Buffer): RawResponse {
  const end = data.indexOf('\r\n\r\n')
  const head = (end === -1 ? data : data.subarray(0, end)).toString('latin1')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0)
  const headers = new Map<string, string[]>()
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    if (colon === -1) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()])
  }
  const body = end === -1 ? Buffer.alloc(0) : data.subarray(end + 4)
  return { status, headers, body: headers.get('transfer-encoding')?.includes('chunked') ? dechunk(body) : body }
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = []
  let offset = 0
  while (offset < data.length) {
    const lineEnd = data.indexOf('\r\n', offset)
    if (lineEnd === -1) break
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16)
    if (!size) break
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size))
    offset = lineEnd + 2 + size + 2
  }
  return Buffer.concat(parts)
}

export function send(port: number, request: RawRequest, timeoutMs?: number): Promise<RawResponse> {
  return sendRaw(port, serialise(request, `127.0.0.1:${port}`), timeoutMs)
}
