// For the container test: registers a confidential client with the client_credentials grant in
// the configured database (DATABASE_URL, or the embedded one in DATA_DIR while no server holds
// it) and prints `{"client_id":…,"client_secret":…}`. Owned by a user of its own, who has no
// password anyone knows.
import { randomBytes } from 'node:crypto'
import { closeDatabase, database } from '@/db/client'
import { insertUser } from '@/db/queries/users'
import { hashPassword } from '@/lib/auth/passwords'
import { createClient } from '@/lib/clients/registry'
import { ensureBuiltinScopes } from '@/lib/oauth/scopes/catalog'

const db = await database()
await ensureBuiltinScopes(db)
const name = `container-test-${randomBytes(4).toString('hex')}`
const owner = await insertUser(db, { username: name, email: `${name}@example.test`, passwordHash: await hashPassword(randomBytes(24).toString('base64url')) })
const created = await createClient(db, owner.id, {
  name: 'Container test', type: 'confidential', redirectUris: ['https://rp.example.test/callback'],
  grantTypes: ['client_credentials'], scopes: ['openid'],
}, {})
if (!created.ok) throw new Error(`client not created: ${JSON.stringify(created.errors)}`)
console.log(JSON.stringify({ client_id: created.client.id, client_secret: created.secret }))
await closeDatabase()
