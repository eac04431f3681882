// The production server for self-hosting (`npm start`): one node:http server. The machine
// endpoints of lib/endpoints.ts are answered by dispatch without Next (the same table and
// dispatch the Next route handlers use); everything else — pages, server actions, the browser
// endpoints, static assets — goes to Next's own request handler. See docs/architecture.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import next from 'next'
import { bootstrap } from '@/lib/bootstrap'
import { config } from '@/lib/config'
import { dispatchTo } from '@/lib/dispatch'
import { endpointFor } from '@/lib/endpoints'
import { MAX_FORM_BYTES } from '@/lib/http'
import { log } from '@/lib/log'
import { refuseRequestLine, requestLineProblem } from '@/lib/request-line'
import { releaseResources, SHUTDOWN_GRACE_MS } from '@/lib/shutdown'
import { protocolRequestOf, sendServerError, writeProtocolResponse, type AdapterOptions } from './adapter'
import { answerOutagesWith503 } from './page-status'

export async function startServer(port: number, hostname: string): Promise<() => Promise<void>> {
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  // Tells instrumentation.ts that this server handles SIGTERM and the audit batch itself.
  ;(globalThis as { __gatehouseLeanServer?: boolean }).__gatehouseLeanServer = true
  const settings = config()
  await bootstrap()
  const app = next({ dev: false, dir: process.cwd(), hostname, port })
  await app.prepare()
  const nextHandler = app.getRequestHandler()
  const options: AdapterOptions = { bodyLimit: MAX_FORM_BYTES, trustProxy: settings.TRUST_PROXY }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? '/'
    const badLine = requestLineProblem(request.method ?? 'GET', url)
    if (badLine) return refuseRequestLine(badLine, response)
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    const methods = endpointFor(path)
    if (!methods) {
      answerOutagesWith503(response)
      return nextHandler(request, response)
    }
    writeProtocolResponse(await dispatchTo(path, methods, await protocolRequestOf(request, options)), response)
  }

  const server = createServer({ keepAliveTimeout: 5000, requestTimeout: 30_000, headersTimeout: 20_000 }, (request, response) => {
    serve(request, response).catch((error) => {
      log.error('request failed', { error })
      sendServerError(response)
    })
  })
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve))
  log.info('gatehouse listening', { url: `http://${hostname}:${port}`, mode: 'lean' })
  // Graceful stop: accept nothing new, let in-flight requests finish (at most SHUTDOWN_GRACE_MS),
  // then let Next finish its after() work, write the audit batch and close the pool.
  return async () => {
    log.info('stopping: finishing in-flight requests')
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    // Keep-alive sockets that finish their request go idle: close them as they do.
    server.closeIdleConnections()
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50)
    let graceTimer: NodeJS.Timeout | undefined
    const graceOver = new Promise<void>((resolve) => { graceTimer = setTimeout(resolve, SHUTDOWN_GRACE_MS) })
    await Promise.race([closed, graceOver])
    clearTimeout(graceTimer)
    clearInterval(idleSweep)
    server.closeAllConnections()
    await app.close().catch((error: unknown) => log.warn('closing Next failed', { error }))
    await releaseResources()
  }
}

// PORT and LISTEN_HOST (not HOSTNAME, which shells set to the machine's name) come through the
// configuration schema: a bad value stops here with a message naming the variable.
Promise.resolve().then(() => startServer(config().PORT, config().LISTEN_HOST)).then((stop) => {
  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    void stop().finally(() => process.exit(0))
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
}, (error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
