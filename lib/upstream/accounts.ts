// Local accounts behind upstream identities. A known (provider, subject) signs its user in; a new
// one creates an account — unless its email belongs to an existing account, which is linked only
// when its owner does it from /account while signed in, or when an admin let this provider link
// by verified email and the provider says it verified the address. Matching an unverified email
// would hand the account to whoever typed that address at the provider (pre-account takeover).
// An address the provider vouches for counts as confirmed, as if its mailed link were followed.
import type { Database, Executor } from '@/db/client'
import { isUniqueViolation } from '@/db/errors'
import { countUserUpstreamLinks, deleteUpstreamLink, findUpstreamLink, insertUpstreamLink, lockUserForUpdate, touchUpstreamLink } from '@/db/queries/upstream'
import { countPasskeys } from '@/db/queries/second-factors'
import { findUserById, findUserByLogin, insertUser, usernameOrEmailTaken } from '@/db/queries/users'
import type { User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { emailSchema } from '../auth/accounts'
import { startEmailVerification } from '../auth/verification'
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH } from '../auth/credential-rules'
import { currentTime } from '../clock'
import { randomToken } from '../crypto'
import { refused, type Result } from '../result'
import { UpstreamFailure } from './failures'
import type { UpstreamIdentity } from './identity'
import type { UpstreamProvider } from './providers'
import { confirmVouchedEmail, emailVerifiedByUpstream, vouchesFor } from './vouched-email'

/**
 * The password hash of an account made through an upstream provider: a well-formed bcrypt string
 * whose digest no password produces (a 2⁻¹⁸⁴ chance), so a password login against it costs the
 * usual bcrypt time and fails. Its fixed text tells that the account has no password of its own.
 */
export const NO_PASSWORD_HASH = '$2b$12$upstreamOnlyNoPasswordsignInThroughTheLinkedProvider.'

export function hasPassword(user: Pick<User, 'passwordHash'>): boolean {
  return user.passwordHash !== NO_PASSWORD_HASH
}

/** A free username from what the provider said: its username, the email's local part or the
 * name, reduced to the allowed characters, with a random suffix when taken. */
export async function deriveUsername(db: Executor, identity: UpstreamIdentity): Promise<string> {
  const candidates = [identity.username, identity.email?.split('@')[0], identity.name]
  const base = candidates
    .map((candidate) => (candidate ?? '').normalize('NFKD').replace(/[^A-Za-z0-9_.-]+/g, '').replace(/^[.-]+/, '').slice(0, USERNAME_MAX_LENGTH - 5))
    .find((candidate) => candidate.length >= USERNAME_MIN_LENGTH) ?? 'user'
  if (!(await usernameOrEmailTaken(db, 'username', base))) return base
  for (let attempt = 0; attempt < 5; attempt++) {
    const suffixed = `${base}-${randomToken(3).replace(/[^A-Za-z0-9]/g, '0').slice(0, 4).toLowerCase()}`
    if (!(await usernameOrEmailTaken(db, 'username', suffixed))) return suffixed
  }
  return `user-${randomToken(9).replace(/[^A-Za-z0-9]/g, '0').slice(0, 12).toLowerCase()}`
}

const loginSucceeded = (user: User, provider: UpstreamProvider) =>
  ({ event: 'user.login_succeeded' as const, actorUserId: user.id, details: { method: 'upstream', provider: provider.id } })

/** Signs in (or up) the person an upstream vouched for. */
export async function signInWithUpstream(db: Database, provider: UpstreamProvider, identity: UpstreamIdentity, context: RequestContext): Promise<{ user: User; created: boolean }> {
  const now = currentTime()
  const link = await findUpstreamLink(db, provider.id, identity.subject)
  if (link) {
    const user = await findUserById(db, link.userId)
    if (!user || user.disabledAt) throw new UpstreamFailure('disabled')
    await db.transaction(async (tx) => {
      await touchUpstreamLink(tx, provider.id, identity.subject, { email: identity.email, emailVerified: identity.emailVerified, at: now })
      await confirmVouchedEmail(tx, user, provider.id, identity, context, now)
      await audit(tx, loginSucceeded(user, provider), context)
    })
    return { user, created: false }
  }

  const email = emailSchema.safeParse(identity.email ?? '')
  if (!email.success) throw new UpstreamFailure('no_email')
  const owner = await findUserByLogin(db, email.data)
  if (owner && owner.email.toLowerCase() === email.data.toLowerCase()) {
    if (!(provider.linkByVerifiedEmail && identity.emailVerified)) throw new UpstreamFailure('email_taken')
    if (owner.disabledAt) throw new UpstreamFailure('disabled')
    await linkInTransaction(db, owner, provider, identity, context, 'verified_email')
    return { user: owner, created: false }
  }

  const username = await deriveUsername(db, identity)
  const vouched = vouchesFor(identity, email.data)
  try {
    const user = await db.transaction(async (tx) => {
      const created = await insertUser(tx, { username, email: email.data, passwordHash: NO_PASSWORD_HASH, verifiedEmail: vouched ? email.data : null })
      await insertUpstreamLink(tx, { providerId: provider.id, subject: identity.subject, userId: created.id, email: identity.email, emailVerified: identity.emailVerified })
      await audit(tx, { event: 'user.signed_up', actorUserId: created.id, details: { method: 'upstream', provider: provider.id } }, context)
      if (vouched) await audit(tx, emailVerifiedByUpstream(created.id, provider.id), context)
      await audit(tx, loginSucceeded(created, provider), context)
      return created
    })
    // An address the provider did not vouch for is proved the usual way, as after a sign-up.
    if (!vouched) startEmailVerification(db, user)
    return { user, created: true }
  } catch (error) {
    // Another sign-up took the name or the address in between, or this same upstream account
    // signed up twice at once: the unique indexes decided; the person tries again.
    if (isUniqueViolation(error)) throw new UpstreamFailure('email_taken')
    throw error
  }
}

async function linkInTransaction(db: Database, user: User, provider: UpstreamProvider, identity: UpstreamIdentity, context: RequestContext, how: 'account_page' | 'verified_email'): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await insertUpstreamLink(tx, { providerId: provider.id, subject: identity.subject, userId: user.id, email: identity.email, emailVerified: identity.emailVerified })
      await audit(tx, { event: 'upstream.linked', actorUserId: user.id, details: { provider: provider.id, how } }, context)
      await confirmVouchedEmail(tx, user, provider.id, identity, context, currentTime())
      if (how === 'verified_email') await audit(tx, loginSucceeded(user, provider), context)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new UpstreamFailure('already_linked')
    throw error
  }
}

/** Links the upstream account to the signed-in user; refused when it belongs to someone else or
 * the user already linked another account at this provider. */
export async function linkUpstreamAccount(db: Database, user: User, provider: UpstreamProvider, identity: UpstreamIdentity, context: RequestContext): Promise<void> {
  const existing = await findUpstreamLink(db, provider.id, identity.subject)
  if (existing) {
    if (existing.userId !== user.id) throw new UpstreamFailure('linked_elsewhere')
    await db.transaction(async (tx) => {
      await touchUpstreamLink(tx, provider.id, identity.subject, { email: identity.email, emailVerified: identity.emailVerified, at: currentTime() })
      await confirmVouchedEmail(tx, user, provider.id, identity, context, currentTime())
    })
    return
  }
  await linkInTransaction(db, user, provider, identity, context, 'account_page')
}

export const LAST_WAY_IN = 'This is your only way to sign in. First set a password ("Forgot password?" mails you a link), add a passkey or link another provider.'

/**
 * Whether the account still has a way to sign in once one `removing` (a provider link or a
 * passkey, both first factors) is gone: a password, a passkey or a link. Locks the user's row
 * for the rest of the transaction, so two removals at once cannot both take the last way in.
 * Null when there is no such account.
 */
export async function keepsAWayIn(tx: Executor, userId: string, removing: 'link' | 'passkey'): Promise<boolean | null> {
  const user = await lockUserForUpdate(tx, userId)
  if (!user) return null
  if (hasPassword(user)) return true
  const links = await countUserUpstreamLinks(tx, userId) - (removing === 'link' ? 1 : 0)
  const passkeys = await countPasskeys(tx, userId) - (removing === 'passkey' ? 1 : 0)
  return links > 0 || passkeys > 0
}

/** Unlinks a provider, only when another way to sign in remains. */
export async function unlinkUpstreamAccount(db: Database, userId: string, providerId: string, context: RequestContext): Promise<Result> {
  return db.transaction(async (tx) => {
    const keeps = await keepsAWayIn(tx, userId, 'link')
    if (keeps === null) return refused('No such account.')
    if (!keeps) return refused(LAST_WAY_IN)
    if (!(await deleteUpstreamLink(tx, userId, providerId))) return refused('This provider is not linked to your account.')
    await audit(tx, { event: 'upstream.unlinked', actorUserId: userId, details: { provider: providerId } }, context)
    return { ok: true }
  })
}
