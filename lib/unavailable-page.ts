// The page people see while the database is unreachable: a 503 with Retry-After, in the look of
// the app's layout (header bar, card), built as a static string so that it needs neither the
// database nor React to render. Served before any page rendering starts (proxy.ts), so a page
// never fails halfway into a 500.
import { databaseReachable } from '@/db/availability'
import { RETRY_AFTER_SECONDS } from './http'

const styles = `
body{margin:0;min-height:100vh;background:#f8fafc;color:#0f172a;font-family:ui-sans-serif,system-ui,sans-serif;-webkit-font-smoothing:antialiased}
header{border-bottom:1px solid #e2e8f0;background:#fff}
nav,main{max-width:56rem;margin:0 auto;padding:.75rem 1rem}
main{padding-top:2rem}
.brand{font-size:1.125rem;font-weight:700;color:#4338ca;text-decoration:none}
section{border:1px solid #e2e8f0;border-radius:.5rem;background:#fff;padding:1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.05)}
h1{margin:0 0 1rem;font-size:1.5rem}
p{margin:0 0 .75rem;color:#334155}
a.button{display:inline-block;margin-top:.5rem;border-radius:.375rem;background:#4338ca;color:#fff;padding:.5rem 1rem;text-decoration:none}`

const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Temporarily unavailable · Gatehouse</title><style>${styles}</style></head>
<body><header><nav aria-label="Main"><a class="brand" href="/">Gatehouse</a></nav></header>
<main><section role="alert"><h1>Temporarily unavailable</h1>
<p>Gatehouse cannot reach its database right now. Nothing you did was lost or half-done.</p>
<p>Please try again in a few seconds; this page reloads by itself.</p>
<a class="button" href="">Try again</a></section></main></body></html>`

/** The styled 503 page. */
export function unavailablePage(): Response {
  return new Response(html, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': RETRY_AFTER_SECONDS,
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** For page requests and server actions, before rendering: the 503 page when the database is
 * unreachable (answered within the breaker's probe timeout), otherwise undefined (carry on). */
export async function unavailablePageIfDatabaseDown(): Promise<Response | undefined> {
  return (await databaseReachable()) ? undefined : unavailablePage()
}
