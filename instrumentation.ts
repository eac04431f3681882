// Runs once when a Next server process boots. Guards the request line of every server in the
// process (lib/request-line.ts: `next start` offers no hook before its router). Opens and
// migrates the database so that the first request does not wait for the embedded database's seconds-long initialisation. Under
// `next start` (and on serverless hosts) it also makes batched audit writes outlive their
// response through after(), and bounds a SIGTERM stop; the lean server (`npm start`) does both
// itself (server/index.ts) and marks the process so that this stays out of its way.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { registerNode } = await import('./instrumentation-node')
  await registerNode()
}
