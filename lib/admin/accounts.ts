// Admin accounts from the shell (`npm run admin -- create | reset-password`). Passwords come from
// ADMIN_PASSWORD or are generated; a generated one is shown once. Either must be changed at the
// next login (for ADMIN_PASSWORD unless ADMIN_PASSWORD_CHANGE_REQUIRED=false).
import { z } from 'zod'
import type { Database } from '@/db/client'
import { findUserByUsername } from '@/db/queries/admin-users'
import { deleteUserSessions } from '@/db/queries/sessions'
import { insertUser, updateUser, usernameOrEmailTaken } from '@/db/queries/users'
import { isUniqueViolation } from '@/db/errors'
import type { User } from '@/db/schema'
import { audit } from '../audit'
import { emailSchema, usernameSchema } from '../auth/accounts'
import { hashPassword, passwordProblem } from '../auth/passwords'
import { messages } from '../messages'
import { invalidInput, refused, type Failure, type Result } from '../result'
import { adminPasswordMustChange, generatePassword } from './one-time-password'
import { currentTime } from '../clock'

/** `password`: the generated one, to print once (null when it came from ADMIN_PASSWORD). */
export type CredentialResult = Result<{ user: User; password: string | null }>

function choosePassword(provided: string | undefined): { password: string; generated: boolean } | Failure {
  if (provided === undefined) return { password: generatePassword(), generated: true }
  const problem = passwordProblem(provided)
  return problem ? refused(problem, 'ADMIN_PASSWORD') : { password: provided, generated: false }
}

export async function createAdmin(db: Database, input: { username: string; email: string }, providedPassword?: string): Promise<CredentialResult> {
  const parsed = z.object({ username: usernameSchema, email: emailSchema }).safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const { username, email } = parsed.data
  if (await usernameOrEmailTaken(db, 'username', username)) return refused(`The username ${username} is taken.`)
  if (await usernameOrEmailTaken(db, 'email', email)) return refused(`The email ${email} is already registered.`)
  const chosen = choosePassword(providedPassword)
  if ('errors' in chosen) return chosen
  const passwordHash = await hashPassword(chosen.password) // outside the transaction: bcrypt is slow
  try {
    const user = await db.transaction(async (tx) => {
      const created = await insertUser(tx, { username, email, passwordHash, isAdmin: true, mustChangePassword: adminPasswordMustChange(chosen.generated) })
      await audit(tx, { event: 'admin.created', subjectUserId: created.id, details: { via: 'cli' } })
      return created
    })
    return { ok: true, user, password: chosen.generated ? chosen.password : null }
  } catch (error) {
    if (isUniqueViolation(error)) return refused(messages.usernameOrEmailTaken)
    throw error
  }
}

/** Sets a new password and ends every session of the user (whoever knew the old one is out). */
export async function resetPassword(db: Database, username: string, providedPassword?: string): Promise<CredentialResult> {
  const user = await findUserByUsername(db, username)
  if (!user) return refused(`No user named ${username}.`)
  const chosen = choosePassword(providedPassword)
  if ('errors' in chosen) return chosen
  const passwordHash = await hashPassword(chosen.password)
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: adminPasswordMustChange(chosen.generated), passwordChangedAt: currentTime() })
    await deleteUserSessions(tx, user.id)
    await audit(tx, { event: 'user.password_reset', subjectUserId: user.id, details: { via: 'cli' } })
  })
  return { ok: true, user, password: chosen.generated ? chosen.password : null }
}
