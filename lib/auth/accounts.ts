// Accounts: sign-up, login, profile changes, deletion. Plain functions over the database;
// the server actions in app/ only parse forms and set cookies.
import { z } from 'zod'
import type { Database } from '@/db/client'
import { deleteUserSessions } from '@/db/queries/sessions'
import { deleteUser, findUserById, findUserByLogin, insertUser, updateUser, usernameOrEmailTaken } from '@/db/queries/users'
import { isUniqueViolation } from '@/db/errors'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { config } from '../config'
import { clearFailures, isLimited, recordFailure, type Limit } from '../rate-limit'
import { hashPassword, passwordProblem, verifyPassword } from './passwords'
import { INVISIBLE_CHARACTER_MESSAGE, hasInvisibleCharacter } from '../text'

export type FieldErrors = Partial<Record<string, string>>
export type Result<T> = ({ ok: true } & T) | { ok: false; errors: FieldErrors }

export const usernameSchema = z.string().trim()
  .min(3, 'Use at least 3 characters.')
  .max(32, 'Use at most 32 characters.')
  .refine((value) => !hasInvisibleCharacter(value), INVISIBLE_CHARACTER_MESSAGE)
  .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, dots, dashes and underscores only.')
export const emailSchema = z.string().trim().max(254, 'Use at most 254 characters.').pipe(z.email('Enter a valid email address.'))
const passwordSchema = z.string().max(1024, 'That password is far too long.').superRefine((value, context) => {
  const problem = passwordProblem(value)
  if (problem) context.addIssue({ code: 'custom', message: problem })
})

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= issue.message
  }
  return errors
}

const signUpSchema = z.object({ username: usernameSchema, email: emailSchema, password: passwordSchema })

export async function signUp(db: Database, input: unknown, context: RequestContext): Promise<Result<{ user: User }>> {
  const parsed = signUpSchema.safeParse(input)
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  const { username, email, password } = parsed.data
  const errors: FieldErrors = {}
  if (await usernameOrEmailTaken(db, 'username', username)) errors.username = 'That username is taken.'
  if (await usernameOrEmailTaken(db, 'email', email)) errors.email = 'That email is already registered.'
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
    if (isUniqueViolation(error)) return { ok: false, errors: { username: 'That username or email is taken.' } }
    throw error
  }
}

const logInSchema = z.object({ login: z.string().trim().min(1, 'Enter your username or email.').max(254), password: z.string().min(1, 'Enter your password.').max(1024) })

export const LOGIN_FAILED_MESSAGE = 'Wrong username, email or password.'
export const LOGIN_THROTTLED_MESSAGE = 'Too many failed attempts. Wait a few minutes and try again.'

/** The per-account counter is keyed on the account itself when the login names one, so that
 * switching between its username and its email does not double the attempts an attacker gets;
 * a login that names nobody is counted as typed. */
export function accountLimitKey(login: string, user: User | null): string {
  return user ? `login:account:user:${user.id}` : `login:account:${login.toLowerCase()}`
}

function loginLimits(login: string, user: User | null, ip: string | null | undefined): Limit[] {
  const settings = config()
  return [
    { key: accountLimitKey(login, user), max: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT },
    { key: `login:ip:${ip ?? 'unknown'}`, max: settings.LOGIN_MAX_FAILURES_PER_IP },
  ]
}

/** Checks a login; one message for unknown user and wrong password, throttled per account and IP. */
export async function logIn(db: Database, input: unknown, context: RequestContext): Promise<Result<{ user: User }>> {
  const parsed = logInSchema.safeParse(input)
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  const { login, password } = parsed.data
  const user = await findUserByLogin(db, login)
  const limits = loginLimits(login, user, context.ip)
  const window = config().RATE_LIMIT_WINDOW
  if (await isLimited(db, limits, window)) {
    await audit(db, { event: 'user.login_failed', details: { reason: 'throttled' } }, context)
    return { ok: false, errors: { form: LOGIN_THROTTLED_MESSAGE } }
  }
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? null)
  if (!user || !passwordMatches || user.disabledAt) {
    await recordFailure(db, limits, window)
    await audit(db, { event: 'user.login_failed', subjectUserId: user?.id ?? null, details: { reason: !user ? 'unknown_user' : user.disabledAt ? 'disabled' : 'wrong_password' } }, context)
    return { ok: false, errors: { form: LOGIN_FAILED_MESSAGE } }
  }
  await clearFailures(db, [limits[0].key])
  await audit(db, { event: 'user.login_succeeded', actorUserId: user.id }, context)
  return { ok: true, user }
}

export async function changeUsername(db: Database, user: User, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = z.object({ username: usernameSchema }).safeParse(input)
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  const { username } = parsed.data
  if (await usernameOrEmailTaken(db, 'username', username, user.id)) return { ok: false, errors: { username: 'That username is taken.' } }
  return saveProfileChange(db, user, { username }, 'user.username_changed', 'username', context)
}

export async function changeEmail(db: Database, user: User, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = z.object({ email: emailSchema }).safeParse(input)
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  const { email } = parsed.data
  if (await usernameOrEmailTaken(db, 'email', email, user.id)) return { ok: false, errors: { email: 'That email is already registered.' } }
  return saveProfileChange(db, user, { email }, 'user.email_changed', 'email', context)
}

async function saveProfileChange(db: Database, user: User, values: { username?: string; email?: string }, event: 'user.username_changed' | 'user.email_changed', field: string, context: RequestContext): Promise<Result<object>> {
  try {
    await db.transaction(async (tx) => {
      await updateUser(tx, user.id, values)
      await audit(tx, { event, actorUserId: user.id }, context)
    })
    return { ok: true }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { [field]: `That ${field} is taken.` } }
    throw error
  }
}

const changePasswordSchema = z.object({ currentPassword: z.string().min(1, 'Enter your current password.').max(1024), newPassword: passwordSchema })

/** Needs the current password; ends every other session of the user. */
export async function changePassword(db: Database, user: User, currentSessionId: string, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = changePasswordSchema.safeParse(input)
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  const fresh = await findUserById(db, user.id)
  if (!fresh || !(await verifyPassword(parsed.data.currentPassword, fresh.passwordHash))) {
    return { ok: false, errors: { currentPassword: 'That is not your current password.' } }
  }
  const passwordHash = await hashPassword(parsed.data.newPassword)
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() })
    await deleteUserSessions(tx, user.id, currentSessionId)
    await audit(tx, { event: 'user.password_changed', actorUserId: user.id }, context)
  })
  return { ok: true }
}

/** Deletes the account and everything that hangs off it (sessions, clients, grants cascade). */
export async function deleteAccount(db: Database, user: User, input: unknown, context: RequestContext): Promise<Result<object>> {
  const parsed = z.object({ password: z.string().min(1, 'Enter your password to confirm.').max(1024) }).safeParse(input)
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  const fresh = await findUserById(db, user.id)
  if (!fresh || !(await verifyPassword(parsed.data.password, fresh.passwordHash))) {
    return { ok: false, errors: { password: 'That is not your password.' } }
  }
  await db.transaction(async (tx) => {
    await deleteUser(tx, user.id)
    await audit(tx, { event: 'user.deleted', actorUserId: user.id, details: { username: user.username } }, context)
  })
  return { ok: true }
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
