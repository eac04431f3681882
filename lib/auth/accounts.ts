// Accounts: sign-up, login, profile changes, deletion. Plain functions over the database;
// the server actions in app/ only parse forms and set cookies.
import { z } from 'zod'
import type { Database } from '@/db/client'
import { deleteUserSessions } from '@/db/queries/sessions'
import { deleteUser, findUserById, findUserByLogin, insertUser, updateUser, usernameOrEmailTaken } from '@/db/queries/users'
import { isUniqueViolation } from '@/db/errors'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { invalidateAfter } from '../cache'
import { startNewRevocationEpoch } from '../oauth/tokens/access-token-status'
import { config } from '../config'
import { messages } from '../messages'
import { invalidInput, refused, type FieldErrors, type Result } from '../result'
import { addressKey, releaseAttempt, reserveAttempt, type Limit } from '../rate-limit'
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH, USERNAME_PATTERN, USERNAME_PATTERN_MESSAGE } from './credential-rules'
import { confirmPassword, passwordConfirmationLimits } from './password-confirmation'
import { hashPassword, passwordProblem, verifyPassword } from './passwords'
import { requestEmailChange } from './verification'
import { currentTime } from '../clock'
import { INVISIBLE_CHARACTER_MESSAGE, hasControlCharacter, hasInvisibleCharacter } from '../text'

export const usernameSchema = z.string().trim()
  .min(USERNAME_MIN_LENGTH, `Use at least ${USERNAME_MIN_LENGTH} characters.`)
  .max(USERNAME_MAX_LENGTH, `Use at most ${USERNAME_MAX_LENGTH} characters.`)
  .refine((value) => !hasInvisibleCharacter(value), INVISIBLE_CHARACTER_MESSAGE)
  .regex(USERNAME_PATTERN, USERNAME_PATTERN_MESSAGE)
export const emailSchema = z.string().trim().max(254, 'Use at most 254 characters.').pipe(z.email('Enter a valid email address.'))
export const passwordSchema = z.string().max(1024, 'That password is far too long.').superRefine((value, context) => {
  const problem = passwordProblem(value)
  if (problem) context.addIssue({ code: 'custom', message: problem })
})

const signUpSchema = z.object({ username: usernameSchema, email: emailSchema, password: passwordSchema })

export async function signUp(db: Database, input: unknown, context: RequestContext): Promise<Result<{ user: User }>> {
  const parsed = signUpSchema.safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const { username, email, password } = parsed.data
  const errors: FieldErrors = {}
  if (await usernameOrEmailTaken(db, 'username', username)) errors.username = messages.usernameTaken
  if (await usernameOrEmailTaken(db, 'email', email)) errors.email = messages.emailTaken
  if (Object.keys(errors).length) return { ok: false, errors }
  const passwordHash = await hashPassword(password) // outside any transaction: bcrypt is slow
  try {
    const user = await db.transaction(async (tx) => {
      const created = await insertUser(tx, { username, email, passwordHash })
      await audit(tx, { event: 'user.signed_up', actorUserId: created.id }, context)
      return created
    })
    return { ok: true, user }
  } catch (error) {
    // Two sign-ups raced for the same name: the unique index decided.
    if (isUniqueViolation(error)) return refused(messages.usernameOrEmailTaken, 'username')
    throw error
  }
}

// No account name holds a control character, and PostgreSQL refuses NUL: nothing to look up.
const logInSchema = z.object({ login: z.string().trim().min(1, 'Enter your username or email.').max(254).refine((value) => !hasControlCharacter(value), INVISIBLE_CHARACTER_MESSAGE), password: z.string().min(1, 'Enter your password.').max(1024) })

/** The account part of a login's keys: the account itself when the login names one, so that
 * switching between its username and its email gains no attempts; a login that names nobody
 * is counted as typed. */
export function accountLimitKey(login: string, user: User | null): string {
  return user ? `user:${user.id}` : `typed:${login.toLowerCase()}`
}

/** The per-account ceiling over all addresses is this many times the per-account-and-address
 * limit: high enough that locking a user out takes a stranger that many addresses (IPv6: /64
 * prefixes) in every window, low enough to bound guessing spread over many addresses. */
export const LOGIN_ACCOUNT_CEILING_FACTOR = 20

/** The limits of one login, in the order: account and address, address, account. */
export function loginLimits(login: string, user: User | null, ip: string | null | undefined): Limit[] {
  const settings = config()
  const account = accountLimitKey(login, user)
  const address = addressKey(ip)
  return [
    { key: `login:account:${account}@${address}`, max: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT },
    { key: `login:address:${address}`, max: settings.LOGIN_MAX_FAILURES_PER_IP },
    { key: `login:account:${account}`, max: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT * LOGIN_ACCOUNT_CEILING_FACTOR },
  ]
}

/**
 * Checks a login; one message for unknown user and wrong password. The attempt is counted before
 * the password is checked (one statement for all three limits, shared by every instance), so a
 * burst of parallel attempts gets at most the limit of bcrypt comparisons, and an attempt over a
 * limit is refused unchecked, right password or not. A success takes its attempt back and clears
 * the account-and-address count.
 */
export async function logIn(db: Database, input: unknown, context: RequestContext): Promise<Result<{ user: User }>> {
  const parsed = logInSchema.safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const { login, password } = parsed.data
  const user = await findUserByLogin(db, login)
  const limits = loginLimits(login, user, context.ip)
  const reservation = await reserveAttempt(db, limits, config().RATE_LIMIT_WINDOW)
  if (!reservation.granted) {
    await audit(db, { event: 'user.login_failed', subjectUserId: user?.id ?? null, details: { reason: 'throttled' } }, context)
    return refused(messages.loginThrottled)
  }
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? null)
  if (!user || !passwordMatches || user.disabledAt) {
    await audit(db, { event: 'user.login_failed', subjectUserId: user?.id ?? null, details: { reason: !user ? 'unknown_user' : user.disabledAt ? 'disabled' : 'wrong_password' } }, context)
    return refused(messages.loginFailed)
  }
  await releaseAttempt(db, reservation, [limits[0].key])
  await audit(db, { event: 'user.login_succeeded', actorUserId: user.id }, context)
  return { ok: true, user }
}

export async function changeUsername(db: Database, user: User, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = z.object({ username: usernameSchema }).safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const { username } = parsed.data
  if (await usernameOrEmailTaken(db, 'username', username, user.id)) return refused(messages.usernameTaken, 'username')
  return saveProfileChange(db, user, { username }, 'user.username_changed', 'username', context)
}

/** Mails a link to the new address; the change takes effect when it is followed. */
export async function changeEmail(db: Database, user: User, input: unknown, context: RequestContext): Promise<Result<{ pending: boolean }>> {
  const parsed = z.object({ email: emailSchema }).safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const { email } = parsed.data
  if (await usernameOrEmailTaken(db, 'email', email, user.id)) return refused(messages.emailTaken, 'email')
  return requestEmailChange(db, user, email, context)
}

async function saveProfileChange(db: Database, user: User, values: { username?: string }, event: 'user.username_changed', field: string, context: RequestContext): Promise<Result<object>> {
  try {
    await db.transaction(async (tx) => {
      await updateUser(tx, user.id, values)
      await audit(tx, { event, actorUserId: user.id }, context)
    })
    return { ok: true }
  } catch (error) {
    if (isUniqueViolation(error)) return refused(`That ${field} is taken.`, field)
    throw error
  }
}

const changePasswordSchema = z.object({ currentPassword: z.string().min(1, 'Enter your current password.').max(1024), newPassword: passwordSchema })

/** Needs the current password; ends every other session of the user. */
export async function changePassword(db: Database, user: User, currentSessionId: string, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = changePasswordSchema.safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const fresh = await findUserById(db, user.id)
  const confirmation = fresh ? await confirmPassword(db, parsed.data.currentPassword, fresh.passwordHash, passwordConfirmationLimits(user.id, context.ip)) : 'wrong'
  if (confirmation !== 'confirmed') return refused(confirmation === 'throttled' ? messages.loginThrottled : 'That is not your current password.', 'currentPassword')
  const passwordHash = await hashPassword(parsed.data.newPassword)
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: currentTime() })
    await deleteUserSessions(tx, user.id, currentSessionId)
    await audit(tx, { event: 'user.password_changed', actorUserId: user.id }, context)
  })
  return { ok: true }
}

/** Deletes the account and everything that hangs off it (sessions, clients, grants cascade). */
export async function deleteAccount(db: Database, user: User, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = z.object({ password: z.string().min(1, 'Enter your password to confirm.').max(1024) }).safeParse(input)
  if (!parsed.success) return invalidInput(parsed.error)
  const fresh = await findUserById(db, user.id)
  const confirmation = fresh ? await confirmPassword(db, parsed.data.password, fresh.passwordHash, passwordConfirmationLimits(user.id, context.ip)) : 'wrong'
  if (confirmation !== 'confirmed') return refused(confirmation === 'throttled' ? messages.loginThrottled : 'That is not your password.', 'password')
  await invalidateAfter(db.transaction(async (tx) => {
    await deleteUser(tx, user.id)
    await audit(tx, { event: 'user.deleted', actorUserId: user.id, details: { username: user.username } }, context)
  }), startNewRevocationEpoch)
  return { ok: true }
}

/** Where a user whose password was generated or set by an administrator is sent to replace it,
 * and where to go once they have (a local path, see safeReturnTo). */
export function passwordChangeUrl(returnTo?: string): string {
  const query = new URLSearchParams({ must_change_password: '1' })
  if (returnTo && returnTo !== '/account') query.set('return_to', returnTo)
  return `/account?${query}`
}

/** `return_to` only to local paths: "/x" but never "//host", "/\host" or a scheme (open redirect). */
export function safeReturnTo(value: unknown, fallback = '/account'): string {
  if (typeof value !== 'string' || value.length > 2048) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback
  if (/[\u0000-\u001f\\]/.test(value)) return fallback
  try {
    const resolved = new URL(value, 'http://gatehouse.invalid')
    if (resolved.origin !== 'http://gatehouse.invalid') return fallback
    const local = resolved.pathname + resolved.search
    // Dot segments can collapse into a scheme-relative URL: "/.//evil.example" → "//evil.example".
    if (local.startsWith('//') || local.startsWith('/\\')) return fallback
    return local
  } catch {
    return fallback
  }
}
