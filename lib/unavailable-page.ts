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

function page(title: string, paragraphs: string[], reloads: boolean): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${reloads ? '<meta http-equiv="refresh" content="5">' : ''}<title>${title} · Gatehouse</title><style>${styles}</style></head>
<body><header><nav aria-label="Main"><a class="brand" href="/">Gatehouse</a></nav></header>
<main><section role="alert"><h1>${title}</h1>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
<a class="button" href="">Try again</a></section></main></body></html>`
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
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
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
