// A trivial route: the benchmark's measure of the framework's own ceiling. Served only when
// BENCHMARK_ROUTES=true (npm run bench sets it); otherwise it does not exist.
import { config } from '@/lib/config'
import { jsonResponse, stringResponse } from '@/lib/response'
import { nextRoute } from '@/lib/web-adapter'

export const dynamic = 'force-dynamic'

const ping = async () => (config().BENCHMARK_ROUTES ? jsonResponse({ ok: true }) : stringResponse('', { status: 404 }))

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/api/ping', { GET: ping })
