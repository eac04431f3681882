// The Node.js half of instrumentation.ts, in its own module so that the edge build never
// analyses its process.once (Next warns about Node APIs in code an edge bundle could reach).
export async function registerNode(): Promise<void> {
  const { installRequestLineGuard } = await import('./lib/request-line')
  installRequestLineGuard()
  const { bootstrap } = await import('./lib/bootstrap')
  const { ConfigError } = await import('./lib/config')
  try {
    await bootstrap()
  } catch (error) {
    // A configuration that cannot serve (no DATABASE_URL on a read-only host, a bad variable):
    // one log line naming what to set, and proxy.ts answers every request with a 503 saying so.
    if (!(error instanceof ConfigError)) throw error
    const { log } = await import('./lib/log')
    log.error(`cannot start: ${error.message}`, { variables: error.variables })
    return
  }
  if ((globalThis as { __gatehouseLeanServer?: boolean }).__gatehouseLeanServer) return
  const { after } = await import('next/server')
  const { setAuditDeferral } = await import('./lib/audit')
  // A function frozen after its response would never run the batch timer: after() keeps the
  // request alive until its batch is written, and `next start` awaits after() work on SIGTERM.
  setAuditDeferral((work) => after(work))
  const { releaseResources, SHUTDOWN_GRACE_MS } = await import('./lib/shutdown')
  // Next's own SIGTERM handler stops accepting, waits for in-flight requests and after() work,
  // then exits; this bounds the wait and then flushes and closes what is left.
  process.once('SIGTERM', () => {
    setTimeout(() => { void releaseResources().finally(() => process.exit(143)) }, SHUTDOWN_GRACE_MS).unref()
  })
}
