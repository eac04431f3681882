// Inserts (or replaces) the peer's one confidential client and prints its credentials as JSON:
//   DATABASE_URL=postgres://… node bench/peer/seed.mjs   →   {"clientId":"bench-peer","clientSecret":"…"}
// The secret is new on every run. oidc-provider compares client_secret_basic secrets in plain text,
// so the row holds it as given (that is the peer's design, not Gatehouse's).
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { connect, ensureTable } from './db.mjs'

export const CLIENT_ID = 'bench-peer'

export async function seedPeer(databaseUrl) {
  const sql = connect(databaseUrl)
  try {
    await ensureTable(sql)
    const clientSecret = randomBytes(32).toString('base64url')
    const payload = {
      client_id: CLIENT_ID,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'bench:read',
    }
    await sql`insert into peer_clients (client_id, payload) values (${CLIENT_ID}, ${sql.json(payload)})
              on conflict (client_id) do update set payload = excluded.payload`
    return { clientId: CLIENT_ID, clientSecret }
  } finally {
    await sql.end({ timeout: 2 })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  seedPeer(process.env.DATABASE_URL).then(
    (credentials) => { console.log(JSON.stringify(credentials)) },
    (error) => { console.error(error.message); process.exit(1) },
  )
}
