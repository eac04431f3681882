// Guards the request line of every server in the process (`next start` included), then opens
// and migrates the database when the server boots, so the first request does not wait for
// PGlite's 2–4 s initialisation (STACK-NOTES pitfall 3).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { installRequestLineGuard } = await import('./lib/request-line')
  installRequestLineGuard()
  const { bootstrap } = await import('./lib/bootstrap')
  await bootstrap()
}
