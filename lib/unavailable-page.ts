// The page people see while the database is unreachable: a 503 with Retry-After, in the look of
// the app's layout (header bar, card), built as a static string so that it needs neither the
// database nor React to render. Served before any page rendering starts (proxy.ts), so a page
// never fails halfway into a 500.
import { databaseReachable } from '@/db/availability'
import { RETRY_AFTER_SECONDS } from './http'
import { PAGE_SHELL_CSP, pageShell } from './page-shell'

function page(title: string, paragraphs: string[], reloads: boolean): string {
  return pageShell(title, `${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
<div class="actions"><a class="button" href="">Try again</a></div>`, { headHtml: reloads ? '<meta http-equiv="refresh" content="5">' : '', role: 'alert' })
}

const html = page('Temporarily unavailable', [
  'Gatehouse cannot reach its database right now. Nothing you did was lost or half-done.',
  'Please try again in a few seconds; this page reloads by itself.',
], true)

function pageResponse(body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': PAGE_SHELL_CSP,
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  })
}

/** The styled 503 page. */
export function unavailablePage(): Response {
  return pageResponse(html, { 'Retry-After': RETRY_AFTER_SECONDS })
}

/** The 503 page of a server whose configuration cannot serve: names the variables to set (names
 * only, never a value), as the operator may only see this page and not the logs. */
export function misconfiguredPage(variables: readonly string[]): Response {
  const names = variables.map((name) => `<code>${name.replace(/[^A-Z0-9_]/g, '')}</code>`).join(' and ')
  return pageResponse(page('Not configured', [
    'Gatehouse cannot start with its current configuration.',
    names ? `The operator must set or correct ${names}; the server log says why.` : 'The server log says why.',
  ], false))
}

/** For page requests and server actions, before rendering: the 503 page when the database is
 * unreachable (answered within the breaker's probe timeout), otherwise undefined (carry on). */
export async function unavailablePageIfDatabaseDown(): Promise<Response | undefined> {
  return (await databaseReachable()) ? undefined : unavailablePage()
}
