// Names other people read (client names on the consent page, usernames in the admin console)
// must render as what they are: no bidirectional overrides, no invisible characters.
import { database, closeDatabase, unique } from '../helpers/database'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Database } from '@/db/client'
import { insertUser } from '@/db/queries/users'
import type { User } from '@/db/schema'
import { changeUsername, signUp } from '@/lib/auth/accounts'
import { createClient, getClientForOwner, updateClient } from '@/lib/clients/registry'
import { ensureBuiltinScopes } from '@/lib/oauth/scopes/catalog'

let db: Database
let owner: User
const context = { ip: '203.0.113.77', userAgent: 'hostile-names-test' }

const SPOOFING_CHARACTERS: [string, string][] = [
  ['RIGHT-TO-LEFT OVERRIDE', '\u202e'], ['LEFT-TO-RIGHT EMBEDDING', '\u202a'], ['POP DIRECTIONAL FORMATTING', '\u202c'],
  ['RIGHT-TO-LEFT ISOLATE', '\u2067'], ['POP DIRECTIONAL ISOLATE', '\u2069'], ['LEFT-TO-RIGHT MARK', '\u200e'],
  ['RIGHT-TO-LEFT MARK', '\u200f'], ['ARABIC LETTER MARK', '\u061c'], ['ZERO WIDTH SPACE', '\u200b'],
  ['ZERO WIDTH JOINER', '\u200d'], ['WORD JOINER', '\u2060'], ['BYTE ORDER MARK', '\ufeff'], ['SOFT HYPHEN', '\u00ad'],
  ['NUL', '\u0000'], ['ESCAPE', '\u001b'], ['NEXT LINE (C1)', '\u0085'], ['LINE SEPARATOR', '\u2028'],
]

function clientInput(name: string) {
  return { name, type: 'confidential', redirectUris: 'https://app.example.com/callback', grantTypes: ['authorization_code'], scopes: ['openid'] }
}

describe('spoofed names', () => {
  before(async () => {
    db = await database()
    await ensureBuiltinScopes(db)
    const username = unique('names')
    owner = await insertUser(db, { username, email: `${username}@example.com`, passwordHash: 'not-a-real-hash' })
  })
  after(closeDatabase)

  it('bidi spoofing of a client name ("Evil\\u202Elapyap" shown as "EvilPayPal"): refused at creation', async () => {
    for (const [label, character] of SPOOFING_CHARACTERS) {
      const result = await createClient(db, owner.id, clientInput(`Pay${character}Pal`), context)
      assert.ok(!result.ok && result.errors.name, label)
    }
  })

  it('bidi spoofing of a client name: refused when renaming an existing client', async () => {
    const created = await createClient(db, owner.id, clientInput('Honest app'), context)
    assert.ok(created.ok)
    const result = await updateClient(db, owner.id, created.client.id, clientInput('Honest\u202eppa'), context)
    assert.ok(result && !result.ok && result.errors.name)
    assert.equal((await getClientForOwner(db, owner.id, created.client.id))?.name, 'Honest app')
  })

  it('client names in other scripts and with accents are accepted', async () => {
    for (const name of ['Café Crème', 'מערכת הזמנות', 'ログイン', 'Zürich — Orders']) {
      const result = await createClient(db, owner.id, clientInput(name), context)
      assert.ok(result.ok, name)
    }
  })

  it('bidi spoofing of a username: refused at sign-up and at a username change', async () => {
    for (const [label, character] of SPOOFING_CHARACTERS) {
      const username = `adm${character}in${unique('').slice(-6)}`
      const result = await signUp(db, { username, email: `${unique('bidi')}@example.test`, password: 'a long enough password' }, context)
      assert.ok(!result.ok && result.errors.username, label)
      const change = await changeUsername(db, owner, { username }, context)
      assert.ok(!change.ok && change.errors.username, label)
    }
  })

  it('NUL in a client id looked up from a URL: no client, no database error', async () => {
    assert.equal(await getClientForOwner(db, owner.id, 'a\u0000b'), null)
  })
})
