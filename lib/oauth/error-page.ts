// The page shown when /oauth/authorize cannot trust the redirect URI (RFC 6749 §4.1.2.1,
// RFC 9700 §4.11.2): the user is told, and nobody is redirected anywhere.
import type { ProtocolResponse } from '../contract'
import { stringResponse, toWebResponse } from '../response'

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => escapes[character])
}

const pageStyle = 'body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0}main{max-width:32rem;margin:4rem auto;background:#fff;border:1px solid #e2e8f0;border-radius:.5rem;padding:2rem}h1{font-size:1.25rem;margin:0 0 1rem}p{color:#334155}'

/** A small self-contained HTML page for protocol routes (no scripts, no third-party anything,
 * never framed). `bodyHtml` must already be escaped; `extraStyle` is trusted CSS. */
export function standalonePageResponse(title: string, bodyHtml: string, status: number, extraStyle = ''): ProtocolResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Gatehouse</title>
<style>${pageStyle}${extraStyle}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${bodyHtml}</main></body></html>`
  return stringResponse(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      // No form-action: browsers apply it to the redirect after a POST, which goes to the RP.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
      'X-Frame-Options': 'DENY',
    },
  })
}

/** The error page as a Web Response, for Next's proxy. */
export function authorizationErrorPage(title: string, message: string, status = 400): Response {
  return toWebResponse(errorPageResponse(title, message, status))
}

/** The error page as a protocol response, for an endpoint's error rendering. */
export function errorPageResponse(title: string, message: string, status = 400): ProtocolResponse {
  return standalonePageResponse(title, `<p role="alert">${escapeHtml(message)}</p><p><a href="/">Back to Gatehouse</a></p>`, status)
}
