// A security event as a sentence its user understands, instead of its code. The code stays
// available on hover for support questions; unknown codes fall back to a generic sentence.
import type { AuditRow } from '@/db/queries/audit'

type Sentence = (who: { you: boolean; client: string }) => string

const byAdmin = (you: boolean, own: string, other: string) => (you ? own : other)

const sentences: Record<string, Sentence> = {
  'user.signed_up': () => 'You created your account.',
  'user.login_succeeded': () => 'You logged in.',
  'user.login_failed': () => 'Someone tried to log in to your account with a wrong password.',
  'user.logged_out': () => 'You logged out.',
  'user.username_changed': ({ you }) => byAdmin(you, 'You changed your username.', 'An administrator changed your username.'),
  'user.email_changed': ({ you }) => byAdmin(you, 'You changed your email address.', 'An administrator changed your email address.'),
  'user.password_changed': () => 'Your password was changed.',
  'user.password_reset': () => 'An administrator set a new one-time password for your account.',
  'user.session_revoked': ({ you }) => byAdmin(you, 'You signed out one of your sessions.', 'An administrator signed out one of your sessions.'),
  'user.sessions_revoked': ({ you }) => byAdmin(you, 'You signed out all your sessions.', 'An administrator signed out all your sessions.'),
  'user.disabled': () => 'An administrator disabled your account.',
  'user.enabled': () => 'An administrator enabled your account again.',
  'user.permissions_changed': ({ you }) => byAdmin(you, 'You changed a user\'s permissions.', 'An administrator changed your permissions.'),
  'admin.created': () => 'Your administrator account was created.',
  'upstream.linked': () => 'You linked a sign-in provider to your account.',
  'upstream.unlinked': () => 'You unlinked a sign-in provider from your account.',
  'user.email_verified': () => 'Your email address was confirmed.',
  'consent.granted': ({ client }) => `You allowed ${client} to access your account.`,
  'consent.denied': ({ client }) => `You refused ${client} access to your account.`,
  'consent.revoked': ({ client }) => `Access for ${client} was revoked.`,
  'client.created': ({ client }) => `You registered the client ${client}.`,
  'client.updated': ({ client }) => `You changed the settings of ${client}.`,
  'client.deleted': ({ client }) => `You deleted the client ${client}.`,
  'client.secret_rotated': ({ client }) => `You replaced the secret of ${client}.`,
  'code.issued': ({ client }) => `${client} received a sign-in code for your account.`,
  'token.issued': ({ client }) => `${client} was given access to your account.`,
  'token.refreshed': ({ client }) => `${client} renewed its access to your account.`,
  'token.revoked': ({ client }) => `An access of ${client} to your account was revoked.`,
  'token.password_grant': ({ client }) => `${client} signed in with your password directly.`,
  'refresh.reuse_detected': ({ client }) => `An old sign-in of ${client} was used a second time, so Gatehouse ended that sign-in to protect your account. If this keeps happening, revoke ${client} and change your password.`,
  'code.reuse_detected': ({ client }) => `A sign-in code for ${client} was used twice, so Gatehouse cancelled the access it had given.`,
  'scope.created': () => 'You added a scope.',
  'scope.updated': () => 'You changed a scope.',
  'scope.deleted': () => 'You deleted a scope.',
  'key.rotated': () => 'You rotated the signing keys.',
  'key.retired': () => 'You retired a signing key.',
}

/** The sentence for one of the user's events; `clientNames` maps client ids to names. */
export function activitySentence(row: AuditRow, userId: string, clientNames: Map<string, string>): string {
  const client = row.clientId ? clientNames.get(row.clientId) ?? 'An application' : 'An application'
  const sentence = sentences[row.event]
  if (!sentence) return 'Something changed on your account.'
  const text = sentence({ you: row.actorUserId === userId, client })
  return text.charAt(0).toUpperCase() + text.slice(1)
}
