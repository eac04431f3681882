// The app's look (header bar with the brand, a card, buttons, links) as a static HTML string, for
// the pages served without React: protocol pages (authorization errors, logout) and the 503 page
// shown while the database is away. Self-contained: inline CSS only, no script, no external asset.

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => escapes[character])
}

// The same values as the Tailwind classes of app/_ui (slate text, indigo brand and buttons).
const styles = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;min-height:100vh;background:#f8fafc;color:#0f172a;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-font-smoothing:antialiased;line-height:1.5}
header{border-bottom:1px solid #e2e8f0;background:#fff}
nav{max-width:56rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center}
main{max-width:28rem;margin:0 auto;padding:2rem 1rem}
.brand{display:flex;align-items:center;gap:.5rem;font-size:1.125rem;line-height:1.75rem;font-weight:700;color:#4338ca;text-decoration:none}
.brand svg{width:1.5rem;height:1.5rem}
section{border:1px solid #e2e8f0;border-radius:.5rem;background:#fff;padding:1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.05)}
h1{margin:0 0 1rem;font-size:1.125rem;line-height:1.75rem;font-weight:600}
p{margin:0 0 1rem;font-size:.875rem;color:#334155}
a{color:#4338ca;font-weight:600;text-decoration:none}
a:hover{text-decoration:underline}
:focus-visible{outline:2px solid #4f46e5;outline-offset:2px}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;margin-top:1rem}
.button{display:inline-flex;align-items:center;border:0;border-radius:.375rem;background:#4f46e5;color:#fff;padding:.5rem 1rem;font:inherit;font-size:.875rem;font-weight:600;cursor:pointer;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.button:hover{background:#4338ca;text-decoration:none}
dl{margin:0 0 1rem;font-size:.8125rem;border-top:1px solid #e2e8f0;padding-top:1rem}
dt{color:#64748b}
dd{margin:0 0 .5rem;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere;color:#0f172a}`

const brandMark = '<svg aria-hidden="true" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4338ca"/><path d="M8 25V13l8-6 8 6v12h-5v-7h-6v7z" fill="#fff"/></svg>'

/** A full page in the app's layout. `bodyHtml` and `headHtml` must already be escaped. */
export function pageShell(title: string, bodyHtml: string, options: { headHtml?: string; role?: 'alert' } = {}): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${options.headHtml ?? ''}
<title>${escapeHtml(title)} · Gatehouse</title><style>${styles}</style></head>
<body><header><nav aria-label="Main"><a class="brand" href="/">${brandMark}Gatehouse</a></nav></header>
<main><section${options.role ? ` role="${options.role}"` : ''}><h1>${escapeHtml(title)}</h1>${bodyHtml}</section></main></body></html>`
}

/** The CSP of these pages: their inline style and nothing else (the favicon is same-origin). */
export const PAGE_SHELL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'"
