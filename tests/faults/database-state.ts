// The state the fault test checks afterwards, read straight from PostgreSQL.
import postgres from 'postgres'
import { sha256 } from '@/lib/crypto'
import type { GrantState } from './figures'
import type { Family } from './load'

export interface DatabaseState {
  grants: GrantState[]
  /** Indexes of the families whose client still holds a usable refresh token. */
  usableFamilyTokens: Set<number>
}

/** Per grant of the client: revoked or not, and how many refresh tokens could still be used
 * (neither rotated nor revoked, not expired). A family must never have two. */
export async function readDatabaseState(url: string, clientId: string, families: Family[]): Promise<DatabaseState> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const grants = await sql<{ id: string; revoked: boolean; usable: number }[]>`
      select g.id, g.revoked_at is not null as revoked,
             count(r.id) filter (where r.rotated_at is null and r.revoked_at is null and r.expires_at > now())::int as usable
      from grants g left join refresh_tokens r on r.grant_id = g.id
      where g.client_id = ${clientId}
      group by g.id, g.revoked_at`
    const hashes = families.map((family) => sha256(family.refreshToken))
    const usable = await sql<{ token_hash: string }[]>`
      select r.token_hash from refresh_tokens r join grants g on g.id = r.grant_id
      where r.token_hash in ${sql(hashes)} and r.rotated_at is null and r.revoked_at is null
        and r.expires_at > now() and g.revoked_at is null`
    const usableHashes = new Set(usable.map((row) => row.token_hash))
    return {
      grants: grants.map((row) => ({ grantId: row.id, revoked: row.revoked, usable: row.usable })),
      usableFamilyTokens: new Set(families.filter((family, index) => usableHashes.has(hashes[index])).map((family) => family.index)),
    }
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** The grant of a refresh token (to follow each family in the database). */
export async function grantOfRefreshToken(sql: postgres.Sql, token: string): Promise<string | undefined> {
  const [row] = await sql<{ grant_id: string }[]>`select grant_id from refresh_tokens where token_hash = ${sha256(token)}`
  return row?.grant_id
}
