// Settings from the environment, checked once at start so that a mistake stops the app with
// a message instead of failing at the first sign-in.

export interface Settings {
  /** Gatehouse's issuer URL: discovery is read from <issuer>/.well-known/openid-configuration. */
  issuer: URL
  clientId: string
  clientSecret: string
  /** Where this app is reached; the redirect URI is <appUrl>/callback. */
  appUrl: URL
  port: number
  host: string
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const missing = ['GATEHOUSE_CLIENT_ID', 'GATEHOUSE_CLIENT_SECRET'].filter((name) => !env[name])
  if (missing.length) throw new Error(`Set ${missing.join(' and ')} (register the client first: see README.md).`)
  const port = Number(env.PORT ?? 3001)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error('PORT must be a port number.')
  const issuer = new URL(env.GATEHOUSE_ISSUER ?? 'http://localhost:3000')
  // 127.0.0.1 rather than localhost: browsers keep cookies per host, not per port, so the app
  // and a Gatehouse on localhost would otherwise share one cookie jar.
  const appUrl = new URL(env.APP_URL ?? `http://127.0.0.1:${port}`)
  return {
    issuer,
    clientId: env.GATEHOUSE_CLIENT_ID!,
    clientSecret: env.GATEHOUSE_CLIENT_SECRET!,
    appUrl,
    port,
    host: env.HOST ?? '127.0.0.1',
  }
}

/** The URLs to register on the client in Gatehouse's dashboard. */
export function registrationUris(appUrl: URL): { redirectUri: string; postLogoutRedirectUri: string } {
  return { redirectUri: new URL('/callback', appUrl).href, postLogoutRedirectUri: new URL('/', appUrl).href }
}
