// Passwords an operator did not choose: generated, shown once, changed at first login.
import { randomBytes } from 'node:crypto'
import { config } from '../config'

/** Whether an admin password set outside the account page must be replaced at the next login. A
 * generated one always is; one from ADMIN_PASSWORD has sat in deploy files and shell histories,
 * so it is too, unless the operator opted out with ADMIN_PASSWORD_CHANGE_REQUIRED=false. */
export function adminPasswordMustChange(generated: boolean): boolean {
  return generated || config().ADMIN_PASSWORD_CHANGE_REQUIRED
}

/** 18 random bytes as base64url: 24 characters, 144 bits, well inside bcrypt's 72 bytes. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url')
}

/**
 * The one deliberate exception to "no password in any log": a generated password is
 * printed once, as a plain banner line on stdout and never through the JSON logger, so log
 * pipelines that parse JSON lines do not pick it up as a field. It is useless after the first
 * login, which forces a change.
 */
export function passwordBanner(username: string, password: string, why: string): string {
  const rule = '='.repeat(72)
  return [
    rule,
    `${why}`,
    `  username: ${username}`,
    `  password: ${password}`,
    'This password is shown only this once. Log in and choose a new one on /account.',
    rule,
  ].join('\n') + '\n'
}
