// `npm run admin -- create <username> <email> | reset-password <username> | grant <username> <scope…>
// | revoke <username> <scope…> | list`: admins and permissions from the shell. Works on the
// configured database; on the embedded one it refuses politely while a server holds the data dir.
// Passwords come from ADMIN_PASSWORD, or are generated and printed once; either is changed at the
// next login (ADMIN_PASSWORD_CHANGE_REQUIRED=false keeps one from ADMIN_PASSWORD).
import { runCli } from './cli'
import { database } from '@/db/client'
import { findUserByUsername, listPrivilegedUsers } from '@/db/queries/admin-users'
import { createAdmin, resetPassword, type CredentialResult } from '@/lib/admin/accounts'
import { adminPasswordMustChange, passwordBanner } from '@/lib/admin/one-time-password'
import { grantPermissions, heldPermissions, revokePermissions } from '@/lib/admin/permissions'
import { config } from '@/lib/config'
import { errorText } from '@/lib/result'

const usage = `usage: npm run admin -- create <username> <email>
                     | reset-password <username>
                     | grant <username> <scope…>     (admin, or a restricted scope such as resources:write)
                     | revoke <username> <scope…>
                     | list`

/** A refusal the operator can act on: printed without a stack, exit status 1. */
class CommandError extends Error {}

function report(result: CredentialResult, what: string): void {
  if (!result.ok) throw new CommandError(errorText(result.errors))
  if (result.password) process.stdout.write(passwordBanner(result.user.username, result.password, what))
  else console.log(`${what} (password from ADMIN_PASSWORD${adminPasswordMustChange(false) ? ', to be changed at the next login' : ''})`)
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const settings = config()
  if (command === 'create' && rest.length === 2) {
    report(await createAdmin(await database(), { username: rest[0], email: rest[1] }, settings.ADMIN_PASSWORD), `Admin ${rest[0]} created.`)
    return 0
  }
  if (command === 'reset-password' && rest.length === 1) {
    report(await resetPassword(await database(), rest[0], settings.ADMIN_PASSWORD), `Password of ${rest[0]} reset; their sessions were ended.`)
    return 0
  }
  if ((command === 'grant' || command === 'revoke') && rest.length >= 2) {
    const [username, ...scopes] = rest
    const db = await database()
    const user = await findUserByUsername(db, username)
    if (!user) throw new CommandError(`No user named ${username}.`)
    const change = command === 'grant' ? grantPermissions : revokePermissions
    const result = await change(db, user, scopes, null, { userAgent: 'npm run admin' })
    if (!result.ok) throw new CommandError(errorText(result.errors))
    const held = heldPermissions(result.user)
    console.log(`${result.user.username} now holds: ${held.length ? held.join(' ') : '(nothing)'}`)
    return 0
  }
  if (command === 'list' && rest.length === 0) {
    const users = await listPrivilegedUsers(await database())
    if (!users.length) console.log('No admins and no permissions granted.')
    for (const user of users) {
      const flags = [user.disabledAt ? 'disabled' : '', user.mustChangePassword ? 'must change password' : ''].filter(Boolean)
      console.log(`${user.username}\t${user.email}\t${heldPermissions(user).join(' ')}${flags.length ? `\t(${flags.join(', ')})` : ''}`)
    }
    return 0
  }
  console.error(usage)
  return 2
}

runCli(main, [CommandError])
