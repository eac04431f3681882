// A page whose rendering met an unreachable database fails inside Next, which can only answer
// such an error with 500. When the database is (or just was) away, that answer is an outage, not
// a bug: the lean server sends it as 503 with Retry-After, so clients and load balancers retry
// instead of alerting. The body stays Next's error boundary ("Temporarily unavailable").
import type { ServerResponse } from 'node:http'
import { databaseFailedRecently } from '@/db/availability'
import { RETRY_AFTER_SECONDS } from '@/lib/http'

/** How long after the breaker opened a page's 500 is still taken for the outage. */
const OUTAGE_WINDOW_MS = 5_000

/** Makes `response` answer 503 instead of 500 while the database is unreachable. */
export function answerOutagesWith503(response: ServerResponse): void {
  const writeHead = response.writeHead
  response.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (statusCode === 500 && databaseFailedRecently(OUTAGE_WINDOW_MS)) {
      statusCode = 503
      this.statusCode = 503
      this.statusMessage = 'Service Unavailable'
      this.setHeader('Retry-After', RETRY_AFTER_SECONDS)
      this.setHeader('Cache-Control', 'no-store')
      if (typeof rest[0] === 'string') rest[0] = 'Service Unavailable'
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest)
  } as ServerResponse['writeHead']
}
