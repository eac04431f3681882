// The page people see while the database is unreachable: a 503 with Retry-After, in the look of
// the app's layout (header bar, card), built as a static string so that it needs neither the
// database nor React to render. Served before any page rendering starts (proxy.ts), so a page
// never fails halfway into a 500.
import { databaseReachable } from '@/db/availability'
import { RETRY_AFTER_SECONDS } from './http'
import { PAGE_SHELL_CSP, pageShell } from './page-shell'

const html = pageShell('Temporarily unavailable', `<p>Gatehouse cannot reach its database right now. Nothing you did was lost or half-done.</p>
<p>Please try again in a few seconds; this page reloads by itself.</p>
<div class="actions"><a class="button" href="">Try again</a></div>`, { headHtml: '<meta http-equiv="refresh" content="5">', role: 'alert' })

/** The styled 503 page. */
export function unavailablePage(): Response {
  return new Response(html, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': RETRY_AFTER_SECONDS,
      'Content-Security-Policy': PAGE_SHELL_CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** For page requests and server actions, before rendering: the 503 page when the database is
 * unreachable (answered within the breaker's probe timeout), otherwise undefined (carry on). */
export async function unavailablePageIfDatabaseDown(): Promise<Response | undefined> {
  return (await databaseReachable()) ? undefined : unavailablePage()
}
