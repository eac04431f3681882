// A trivial route: the benchmark's measure of the framework's own ceiling. Served only when
// BENCHMARK_ROUTES=true (npm run bench sets it); otherwise it does not exist.
import { config } from '@/lib/config'

export const dynamic = 'force-dynamic'
export function GET(): Response {
  if (!config().BENCHMARK_ROUTES) return new Response(null, { status: 404 })
  return Response.json({ ok: true })
}
