// The benchmark peer: node-oidc-provider 9 issuing ES256-signed JWT access tokens for the
// client_credentials grant, with its Client model read from PostgreSQL on every lookup and every other
// model in memory — "oidc-provider 9, PostgreSQL store, client read per request".
//
//   DATABASE_URL=postgres://… PORT=4100 node bench/peer/server.mjs
//
// Environment: PORT (default 4100), DATABASE_URL (required), DATABASE_POOL_SIZE (default 10, the same
// default as Gatehouse's own pool). Prints "peer listening" once it accepts requests.
// Not part of Gatehouse; lives here only so `npm run bench` can measure against it.
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { connect, ensureTable } from './db.mjs'

// Koa (oidc-provider's base) reads NODE_ENV when the app is constructed: production, so no stack
// traces in error responses and no development behaviour. Set before oidc-provider is loaded.
process.env.NODE_ENV ??= 'production'
delete process.env.DEBUG // oidc-provider logs through `debug`; never per request here.

const port = Number(process.env.PORT ?? 4100)
const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  console.error('bench/peer/server.mjs: DATABASE_URL is required')
  process.exit(2)
}
const issuer = `http://127.0.0.1:${port}`

const sql = connect(databaseUrl)
await ensureTable(sql)

// Client: one SELECT per lookup, no cache in the adapter. (oidc-provider itself memoises the Client
// *object* built from identical metadata, keyed by a hash of the row, but still calls find() — and so
// reads the row — on every request, exactly like a deployment whose clients live in a database.)
class PostgresClientAdapter {
  async find(id) {
    const rows = await sql`select payload from peer_clients where client_id = ${id}`
    return rows[0]?.payload
  }

  async upsert(id, payload) {
    await sql`insert into peer_clients (client_id, payload) values (${id}, ${sql.json(payload)})
              on conflict (client_id) do update set payload = excluded.payload`
  }

  async destroy(id) {
    await sql`delete from peer_clients where client_id = ${id}`
  }

  async findByUid() { return undefined }
  async findByUserCode() { return undefined }
  async consume() {}
  async revokeByGrantId() {}
}

// Every other model: a Map with expiry (swept once a minute), one per model name.
class MemoryAdapter {
  static stores = new Map()

  constructor(name) {
    this.name = name
    if (!MemoryAdapter.stores.has(name)) MemoryAdapter.stores.set(name, new Map())
    this.store = MemoryAdapter.stores.get(name)
  }

  #live(id) {
    const entry = this.store.get(id)
    if (!entry) return undefined
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.delete(id)
      return undefined
    }
    return entry
  }

  async upsert(id, payload, expiresIn) {
    this.store.set(id, { payload, expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined })
  }

  async find(id) { return this.#live(id)?.payload }

  async findByUid(uid) {
    for (const [id, entry] of this.store) if (entry.payload.uid === uid) return this.#live(id)?.payload
    return undefined
  }

  async findByUserCode(userCode) {
    for (const [id, entry] of this.store) if (entry.payload.userCode === userCode) return this.#live(id)?.payload
    return undefined
  }

  async consume(id) {
    const entry = this.#live(id)
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000)
  }

  async destroy(id) { this.store.delete(id) }

  async revokeByGrantId(grantId) {
    for (const [id, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(id)
  }
}

setInterval(() => {
  const now = Date.now()
  for (const store of MemoryAdapter.stores.values()) {
    for (const [id, entry] of store) if (entry.expiresAt !== undefined && entry.expiresAt <= now) store.delete(id)
  }
}, 60_000).unref()

// A fresh P-256 key per start, like Gatehouse's key generated at first start.
const signingKey = {
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  kid: randomUUID(),
  alg: 'ES256',
  use: 'sig',
}

const RESOURCE = 'urn:bench:api'
const SCOPE = 'bench:read'

const { default: Provider } = await import('oidc-provider')

const provider = new Provider(issuer, {
  adapter: (name) => (name === 'Client' ? new PostgresClientAdapter() : new MemoryAdapter(name)),
  jwks: { keys: [signingKey] },
  scopes: [SCOPE],
  // Nothing here needs accounts, but the default would warn if it were ever called.
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  clientDefaults: {
    grant_types: ['client_credentials'],
    response_types: [],
    id_token_signed_response_alg: 'ES256',
    token_endpoint_auth_method: 'client_secret_basic',
  },
  enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async () => ({
        scope: SCOPE,
        audience: RESOURCE,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 900, // Gatehouse's default access-token lifetime (ACCESS_TOKEN_TTL)
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
  },
  ttl: { ClientCredentials: 900 },
})
provider.proxy = false

// Koa logs 5xx errors through app.on('error'); keep them (they are not per-request noise) but short.
provider.on('server_error', (_ctx, error) => { console.error('peer server_error:', error?.message ?? error) })

const server = createServer(provider.callback())
server.keepAliveTimeout = 65_000
await new Promise((resolve, reject) => {
  server.once('error', reject)
  server.listen(port, '127.0.0.1', resolve)
})
console.log('peer listening')

async function shutdown() {
  server.close()
  server.closeAllConnections?.()
  await sql.end({ timeout: 2 }).catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
