// Seeds what the benchmark needs, straight through lib/ (before the server starts, so that it
// also works on PGlite, whose data dir only one process may open).
import { eq } from 'drizzle-orm'
import { sealData } from 'iron-session'
import { closeDatabase, database } from '@/db/client'
import { saveConsent } from '@/db/queries/consents'
import { clients } from '@/db/schema'
import { insertGrant, recordAccessToken } from '@/db/queries/grants'
import { insertMissingScopes } from '@/db/queries/scopes'
import { insertUser } from '@/db/queries/users'
import { hashPassword } from '@/lib/auth/passwords'
import { createSession } from '@/lib/auth/sessions'
import { createClient } from '@/lib/clients/registry'
import { config } from '@/lib/config'
import { randomToken, sha256 } from '@/lib/crypto'
import { loadPublishedKeys } from '@/lib/keys/store'
import { ensureBuiltinScopes } from '@/lib/oauth/scopes/catalog'
import { mintAccessToken } from '@/lib/oauth/tokens/access-token'
import { refreshTokens } from '@/db/schema'

export const BENCH_PASSWORD = 'bench password 123'
export const BENCH_REDIRECT_URI = 'http://127.0.0.1:9/callback'

export interface Seed {
  username: string
  clientId: string
  clientSecret: string
  passwordClientId: string
  passwordClientSecret: string
  sessionCookie: string
  accessToken: string
  refreshTokens: string[]
}

export async function seed(refreshPoolSize: number): Promise<Seed> {
  const db = await database()
  await ensureBuiltinScopes(db)
  // An API scope for the machine-to-machine scenario (OpenID scopes describe users only).
  await insertMissingScopes(db, [{ name: 'bench:read', description: 'Read benchmark data' }])
  await loadPublishedKeys()
  const username = `bench${Date.now().toString(36)}`
  const user = await insertUser(db, { username, email: `${username}@bench.test`, passwordHash: await hashPassword(BENCH_PASSWORD) })
  const made = await createClient(db, user.id, {
    name: 'Bench app', type: 'confidential', redirectUris: [BENCH_REDIRECT_URI],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'], scopes: ['openid', 'profile', 'email', 'offline_access', 'bench:read'],
  }, {})
  const legacy = await createClient(db, user.id, {
    name: 'Bench legacy app', type: 'confidential', redirectUris: [BENCH_REDIRECT_URI],
    grantTypes: ['authorization_code'], scopes: ['openid', 'profile'],
  }, {})
  if (!made.ok || !legacy.ok) throw new Error('seeding clients failed')
  // The password grant is admin-only; the benchmark plays the admin here.
  await db.update(clients).set({ passwordGrantEnabled: true }).where(eq(clients.id, legacy.client.id))
  // A remembered consent: the flow scenario measures a returning user's authorization.
  await saveConsent(db, user.id, made.client.id, ['openid', 'profile', 'email', 'offline_access'], new Date())

  const { token } = await createSession(db, user.id, { ip: '127.0.0.1', userAgent: 'bench' })
  const sealed = await sealData({ token }, { password: config().authSecret, ttl: config().SESSION_TTL })
  // One grant holds the access token and the whole refresh pool: every token is used once, so
  // no replay ever revokes it.
  const grant = await insertGrant(db, { clientId: made.client.id, userId: user.id, scope: 'openid profile email offline_access', authTime: new Date() })
  const access = await mintAccessToken({ subject: user.id, clientId: made.client.id, scope: 'openid profile' })
  await recordAccessToken(db, { jti: access.jti, grantId: grant.id, clientId: made.client.id, userId: user.id, expiresAt: access.expiresAt })
  const pool: string[] = []
  const expiresAt = new Date(Date.now() + 3600_000)
  for (let start = 0; start < refreshPoolSize; start += 2000) {
    const rows = []
    for (let index = start; index < Math.min(refreshPoolSize, start + 2000); index++) {
      const value = randomToken()
      pool.push(value)
      rows.push({ tokenHash: sha256(value), grantId: grant.id, clientId: made.client.id, userId: user.id, scope: grant.scope, expiresAt })
    }
    await db.insert(refreshTokens).values(rows)
  }
  await closeDatabase()
  return {
    username,
    clientId: made.client.id,
    clientSecret: made.secret!,
    passwordClientId: legacy.client.id,
    passwordClientSecret: legacy.secret!,
    sessionCookie: `gatehouse_session=${sealed}`,
    accessToken: access.token,
    refreshTokens: pool,
  }
}
