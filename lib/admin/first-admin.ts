// First start with no admin: create one from ADMIN_USERNAME / ADMIN_PASSWORD, or with
// a generated one-time password printed once, which must be changed at the first login.
import { sql } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { insertUserIfNoAdmin } from '@/db/queries/admin-users'
import { countAdmins, usernameOrEmailTaken } from '@/db/queries/users'
import { isUniqueViolation } from '@/db/errors'
import { audit } from '../audit'
import { hashPassword } from '../auth/passwords'
import { config } from '../config'
import { log } from '../log'
import { adminPasswordMustChange, generatePassword, passwordBanner } from './one-time-password'

// Any constant will do, as long as nothing else in Gatehouse takes the same one.
const FIRST_ADMIN_LOCK = 7231965

export type FirstAdminOutcome =
  | { created: false; reason: 'admin_exists' | 'username_taken' }
  | { created: true; username: string; generatedPassword: boolean }

export interface FirstAdminOptions {
  /** Where the one-time password banner goes; stdout unless a test captures it. */
  print?: (text: string) => void
}

export async function ensureFirstAdmin(db: Database, options: FirstAdminOptions = {}): Promise<FirstAdminOutcome> {
  if ((await countAdmins(db)) > 0) return { created: false, reason: 'admin_exists' }
  const settings = config()
  const generated = !settings.ADMIN_PASSWORD
  const mustChangePassword = adminPasswordMustChange(generated)
  const password = settings.ADMIN_PASSWORD ?? generatePassword()
  let username = settings.ADMIN_USERNAME ?? 'admin'
  if (await usernameOrEmailTaken(db, 'username', username)) {
    // Never promote an existing account because it carries the configured name: whoever
    // signed up under it first would become admin.
    if (settings.ADMIN_USERNAME) {
      log.error('first admin not created: the username is taken by a non-admin account; use `npm run admin -- create`', { username })
      return { created: false, reason: 'username_taken' }
    }
    username = `admin-${generatePassword().slice(0, 6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`
  }
  const passwordHash = await hashPassword(password) // outside the transaction: bcrypt is slow
  let created
  try {
    created = await db.transaction(async (tx) => {
      // Several instances starting together: one at a time past this line, and the insert
      // itself only happens while no admin exists.
      await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`)
      const user = await insertUserIfNoAdmin(tx, { username, email: `${username}@localhost`, passwordHash, mustChangePassword })
      if (user) await audit(tx, { event: 'admin.created', subjectUserId: user.id, details: { via: 'first_start', credentials: generated ? 'generated' : 'environment', must_change_password: mustChangePassword } })
      return user
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { created: false, reason: 'admin_exists' } // another instance won
    throw error
  }
  if (!created) return { created: false, reason: 'admin_exists' }
  log.info('first admin created', { username, credentials: generated ? 'generated, printed once' : 'from ADMIN_USERNAME / ADMIN_PASSWORD' })
  if (generated) {
    const print = options.print ?? ((text: string) => process.stdout.write(text))
    print(passwordBanner(username, password, 'Gatehouse created the first admin account.'))
  }
  return { created: true, username, generatedPassword: generated }
}
