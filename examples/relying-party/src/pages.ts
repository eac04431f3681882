// The two pages of the app. hono/html escapes every interpolated value.
import { html, raw } from 'hono/html'
import type { SignedIn } from './sessions'

const style = raw(`<style>
  body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1e293b }
  button { font: inherit; padding: .5rem 1rem; border-radius: .375rem; border: 1px solid #4f46e5; background: #4f46e5; color: white; cursor: pointer }
  button.secondary { background: white; color: #1e293b; border-color: #cbd5e1 }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem } dt { font-weight: 600 }
  pre { background: #f1f5f9; padding: .75rem; overflow-x: auto } .notice { background: #fef3c7; padding: .75rem }
  form { display: inline-block; margin-right: .5rem }
</style>`)

function layout(title: string, body: unknown) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${style}</head>
<body><h1>Example app</h1>${body}</body></html>`
}

export function signedOutPage(notice?: string) {
  return layout('Example app', html`
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
    <p data-testid="signed-out">You are signed out.</p>
    <form method="post" action="/login"><button type="submit">Sign in with Gatehouse</button></form>`)
}

const claim = (claims: Record<string, unknown>, name: string) => (claims[name] === undefined ? '—' : String(claims[name]))
const time = (ms: number) => new Date(ms).toISOString()

export function profilePage(user: SignedIn, sessionExpiresAt: number) {
  const { idTokenClaims: id, userinfo } = user
  return layout('Example app', html`
    <p>Signed in as <strong data-testid="username">${claim(id, 'preferred_username')}</strong>.</p>
    <h2>From the ID token</h2>
    <dl data-testid="id-token-claims">
      <dt>sub</dt><dd>${claim(id, 'sub')}</dd>
      <dt>name</dt><dd>${claim(id, 'name')}</dd>
      <dt>email</dt><dd data-testid="id-token-email">${claim(id, 'email')}</dd>
      <dt>auth_time</dt><dd>${typeof id.auth_time === 'number' ? time(id.auth_time * 1000) : '—'}</dd>
    </dl>
    <h2>From userinfo</h2>
    <dl data-testid="userinfo-claims">
      <dt>preferred_username</dt><dd>${claim(userinfo, 'preferred_username')}</dd>
      <dt>email</dt><dd data-testid="userinfo-email">${claim(userinfo, 'email')}</dd>
      <dt>email_verified</dt><dd>${claim(userinfo, 'email_verified')}</dd>
    </dl>
    <h2>Tokens</h2>
    <dl>
      <dt>Access token expires</dt><dd data-testid="access-token-expires">${time(user.tokens.expiresAt)}</dd>
      <dt>Silent refreshes</dt><dd data-testid="refresh-count">${user.refreshes}</dd>
      <dt>Session ends</dt><dd>${time(sessionExpiresAt)}</dd>
    </dl>
    ${user.lastApiCall ? html`<h2>/api/resources</h2><p>Answered <strong data-testid="api-status">${user.lastApiCall.status}</strong> at ${time(user.lastApiCall.at)}:</p><pre data-testid="api-body">${user.lastApiCall.body}</pre>` : ''}
    <form method="post" action="/resources"><button type="submit">Call /api/resources</button></form>
    <form method="post" action="/logout"><button type="submit" class="secondary">Sign out</button></form>`)
}
