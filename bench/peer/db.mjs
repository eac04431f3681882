// Shared by server.mjs and seed.mjs: the peer's PostgreSQL connection and its one table.
import postgres from 'postgres'

export function connect(url) {
  if (!url) throw new Error('DATABASE_URL is required')
  return postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10), // the same default as Gatehouse's pool
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 60,
  })
}

/** peer_clients(client_id, payload): payload is the oidc-provider client metadata as JSON. */
export async function ensureTable(sql) {
  await sql`create table if not exists peer_clients (client_id text primary key, payload jsonb not null)`
}
