// The request line, checked before any router sees it (both serving modes). A server answering
// for its own origin takes origin-form targets only (RFC 9112 §3.2): an absolute-form target
// ("GET http://other.example/ HTTP/1.1") would let the request line choose the host that
// redirects are built for, and asterisk-form ("OPTIONS *") names no resource of ours. TRACE,
// TRACK and CONNECT are forbidden methods in the Fetch standard: no Request can carry them.
import { Server, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { isOriginFormTarget } from './request-target'

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])

export interface RequestLineProblem { status: 400 | 405; description: string }

export function requestLineProblem(method: string, target: string): RequestLineProblem | null {
  if (!isOriginFormTarget(target)) return { status: 400, description: 'The request target must be a path' }
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) return { status: 405, description: 'Method not allowed' }
  return null
}

/** Answers a refused request line with RFC 6749 §5.2-shaped JSON and closes the connection. */
export function refuseRequestLine(problem: RequestLineProblem, response: ServerResponse): void {
  const body = JSON.stringify({ error: 'invalid_request', error_description: problem.description })
  response.writeHead(problem.status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), connection: 'close' })
  response.end(body)
}

const installed = Symbol.for('gatehouse.requestLineGuard')

function refuseConnect(_request: IncomingMessage, socket: Duplex): void {
  socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
}

/**
 * For `next start`, whose server we do not create: every node:http server of this process
 * refuses a bad request line before its own 'request' listeners run. Next would otherwise
 * answer an absolute-form target with a redirect to that host, and "OPTIONS *" or TRACE with 500.
 */
export function installRequestLineGuard(): void {
  const prototype = Server.prototype as Server & { [installed]?: true }
  if (prototype[installed]) return
  prototype[installed] = true
  const emit = prototype.emit
  prototype.emit = function guardedEmit(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    // Node drops a CONNECT without a word unless someone listens for it: answer it like TRACE.
    if (event === 'connection' && !this.listenerCount('connect')) this.on('connect', refuseConnect)
    if (event === 'request') {
      const [request, response] = args as [IncomingMessage, ServerResponse]
      const problem = requestLineProblem(request.method ?? 'GET', request.url ?? '/')
      if (problem) {
        refuseRequestLine(problem, response)
        return true
      }
    }
    return (emit as (...values: unknown[]) => boolean).call(this, event, ...args)
  } as typeof prototype.emit
}
