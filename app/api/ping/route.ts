import { jsonResponse } from '@/lib/response'
import { nextRoute } from '@/lib/web-adapter'

export const dynamic = 'force-dynamic'

// A trivial answer through Next: the benchmark's measure of the framework's own ceiling.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('/api/ping', { GET: async () => jsonResponse({ ok: true }) })
