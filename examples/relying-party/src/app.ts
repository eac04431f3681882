// The routes: sign in, the callback, the profile page, the API call and sign out.
// Forms post to the app itself; the session cookie is SameSite=Lax, so another site's form
// arrives without it (no cross-site request forgery on the POST routes).
import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { Gatehouse, SignInEnded } from './gatehouse'
import { profilePage, signedOutPage } from './pages'
import { PENDING_LIFETIME_MS, SESSION_LIFETIME_MS, SessionStore, type Session } from './sessions'
import type { Settings } from './settings'

const COOKIE = 'example_session'

export function createApp(settings: Settings, gatehouse = new Gatehouse(settings), sessions = new SessionStore()) {
  const app = new Hono()
  const secure = settings.appUrl.protocol === 'https:'

  const current = (c: Context) => sessions.get(getCookie(c, COOKIE))
  const start = (c: Context, fields: Omit<Session, 'id' | 'expiresAt'>, lifetimeMs: number) => {
    sessions.delete(getCookie(c, COOKIE))
    const session = sessions.create(fields, lifetimeMs)
    setCookie(c, COOKIE, session.id, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: lifetimeMs / 1000 })
    return session
  }
  const end = (c: Context) => {
    sessions.delete(getCookie(c, COOKIE))
    deleteCookie(c, COOKIE, { path: '/', secure })
  }

  app.use(async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  app.get('/', (c) => {
    const session = current(c)
    if (!session?.user) return c.html(signedOutPage())
    return c.html(profilePage(session.user, session.expiresAt))
  })

  app.post('/login', async (c) => {
    const { url, pending } = await gatehouse.authorizationUrl()
    start(c, { pending }, PENDING_LIFETIME_MS)
    return c.redirect(url.href, 303)
  })

  app.get('/callback', async (c) => {
    const session = current(c)
    if (!session?.pending) return c.html(signedOutPage('That sign-in expired or was started elsewhere. Sign in again.'), 400)
    const callbackUrl = new URL(c.req.url)
    if (callbackUrl.searchParams.has('error')) {
      end(c)
      return c.html(signedOutPage(`Gatehouse did not sign you in: ${callbackUrl.searchParams.get('error')}.`), 400)
    }
    // The URL Gatehouse redirected to is ours by configuration, not by the Host header.
    const currentUrl = new URL(`${callbackUrl.pathname}${callbackUrl.search}`, settings.appUrl)
    const user = await gatehouse.finishSignIn(currentUrl, session.pending)
    start(c, { user }, SESSION_LIFETIME_MS)
    return c.redirect('/', 303)
  })

  app.post('/resources', async (c) => {
    const session = current(c)
    if (!session?.user) return c.redirect('/', 303)
    try {
      const { status, body } = await gatehouse.callResources(session.user)
      session.user.lastApiCall = { status, body, at: Date.now() }
    } catch (error) {
      if (!(error instanceof SignInEnded)) throw error
      end(c)
      return c.html(signedOutPage('Gatehouse ended this sign-in. Sign in again.'))
    }
    return c.redirect('/', 303)
  })

  app.post('/logout', async (c) => {
    const session = current(c)
    end(c)
    if (!session?.user) return c.redirect('/', 303)
    return c.redirect((await gatehouse.logoutUrl(session.user.idToken)).href, 303)
  })

  app.onError((error, c) => {
    // Never the error's details: they may quote a token.
    console.error(`${c.req.method} ${new URL(c.req.url).pathname}: ${error.name}`)
    return c.html(signedOutPage('Something went wrong talking to Gatehouse. Try again.'), 502)
  })

  return app
}
