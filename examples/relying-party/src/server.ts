// `npm start`: the example relying party on loopback.
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { readSettings, registrationUris } from './settings'

const settings = readSettings()
const { redirectUri, postLogoutRedirectUri } = registrationUris(settings.appUrl)
const server = serve({ fetch: createApp(settings).fetch, port: settings.port, hostname: settings.host }, () => {
  console.log(`Example app on ${settings.appUrl.href} signing in with ${settings.issuer.href}`)
  console.log(`Registered URIs it needs: redirect ${redirectUri}, post-logout ${postLogoutRedirectUri}`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)))
