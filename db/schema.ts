// The one Drizzle schema. Migrations under db/migrations are generated from it by drizzle-kit.
import { sql } from 'drizzle-orm'
import {
  bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core'

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  email: text('email').notNull(),
  passwordHash: text('password_hash').notNull(),
  isAdmin: boolean('is_admin').notNull().default(false),
  // Restricted scopes this user holds (granted = requested ∩ client's ∩ user's).
  permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  // The address this user proved by following a verification link; `email` counts as verified
  // only while it equals this one, so any other change of `email` lapses the proof.
  verifiedEmail: text('verified_email'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('users_username_lower_idx').on(sql`lower(${t.username})`),
  uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`),
])

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  // SHA-256 of the random session token carried (sealed) in the cookie.
  tokenHash: text('token_hash').notNull().unique(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  authTime: timestamp('auth_time', { withTimezone: true }).notNull().defaultNow(),
  // How the user signed in (RFC 8176 method values): carried into ID tokens as amr.
  amr: text('amr').array().notNull().default(sql`'{pwd}'::text[]`),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  userAgent: text('user_agent'),
  ip: text('ip'),
  createdAt: createdAt(),
}, (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)])

// Fixed-window counters shared by every instance (login and client-auth throttling).
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
})

export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  event: text('event').notNull(),
  actorUserId: uuid('actor_user_id'),
  subjectUserId: uuid('subject_user_id'),
  clientId: text('client_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  details: jsonb('details').$type<Record<string, unknown>>(),
}, (t) => [
  index('audit_events_at_idx').on(t.at),
  index('audit_events_subject_idx').on(t.subjectUserId, t.at),
])

export const scopes = pgTable('scopes', {
  name: text('name').primaryKey(),
  description: text('description').notNull(),
  // A restricted scope is granted only to users who hold it in users.permissions.
  restricted: boolean('restricted').notNull().default(false),
  builtin: boolean('builtin').notNull().default(false),
  createdAt: createdAt(),
})

export const clients = pgTable('clients', {
  id: text('id').primaryKey(),
  ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  type: text('type', { enum: ['confidential', 'public'] }).notNull(),
  secretHash: text('secret_hash'),
  tokenEndpointAuthMethod: text('token_endpoint_auth_method', {
    enum: ['client_secret_basic', 'client_secret_post', 'none'],
  }).notNull(),
  redirectUris: text('redirect_uris').array().notNull(),
  postLogoutRedirectUris: text('post_logout_redirect_uris').array().notNull().default(sql`'{}'::text[]`),
  grantTypes: text('grant_types').array().notNull(),
  scopes: text('scopes').array().notNull(),
  requirePkce: boolean('require_pkce').notNull().default(true),
  // Only an admin can set these two (the password grant, RFC 9700 §2.4; first-party skips consent).
  passwordGrantEnabled: boolean('password_grant_enabled').notNull().default(false),
  firstParty: boolean('first_party').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  homepageUrl: text('homepage_url'),
  logoUrl: text('logo_url'),
  policyUrl: text('policy_url'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('clients_owner_idx').on(t.ownerId)])

// A validated /oauth/authorize request waiting for login or consent (the "interaction").
export const authorizationRequests = pgTable('authorization_requests', {
  id: text('id').primaryKey(),
  clientId: text('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
  params: jsonb('params').$type<Record<string, string>>().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
})

export const consents = pgTable('consents', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  clientId: text('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
  scopes: text('scopes').array().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [primaryKey({ columns: [t.userId, t.clientId] })])

// One grant = one user's (or client's) authorization to one client: every code, refresh token
// and access token issued under it carries its id, so revoking the grant revokes them all.
export const grants = pgTable('grants', {
  id: uuid('id').primaryKey().defaultRandom(),
  clientId: text('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  scope: text('scope').notNull(),
  // How the grant was obtained: refresh re-checks that the client may still use that grant type.
  grantType: text('grant_type', { enum: ['authorization_code', 'password'] }).notNull().default('authorization_code'),
  authTime: timestamp('auth_time', { withTimezone: true }),
  // How the user had signed in (RFC 8176), for the ID tokens of this grant; null when unknown.
  amr: text('amr').array(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('grants_user_client_idx').on(t.userId, t.clientId)])

export const authorizationCodes = pgTable('authorization_codes', {
  codeHash: text('code_hash').primaryKey(),
  clientId: text('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  grantId: uuid('grant_id').notNull().references(() => grants.id, { onDelete: 'cascade' }),
  redirectUri: text('redirect_uri').notNull(),
  scope: text('scope').notNull(),
  codeChallenge: text('code_challenge'),
  nonce: text('nonce'),
  authTime: timestamp('auth_time', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
  createdAt: createdAt(),
})

export const refreshTokens = pgTable('refresh_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenHash: text('token_hash').notNull().unique(),
  grantId: uuid('grant_id').notNull().references(() => grants.id, { onDelete: 'cascade' }),
  clientId: text('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  scope: text('scope').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  // The token this one was rotated from (null for the first of a family): a retry of the parent
  // within the grace period finds and supersedes its unused successor through it.
  parentId: uuid('parent_id'),
  // Set when this token was exchanged for its successor; presenting it again is replay.
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('refresh_tokens_grant_idx').on(t.grantId), index('refresh_tokens_parent_idx').on(t.parentId)])

// Issued access tokens by jti, so that revocation can reach self-contained JWTs.
export const accessTokens = pgTable('access_tokens', {
  jti: text('jti').primaryKey(),
  grantId: uuid('grant_id').references(() => grants.id, { onDelete: 'cascade' }),
  clientId: text('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('access_tokens_grant_idx').on(t.grantId), index('access_tokens_expires_idx').on(t.expiresAt)])

export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  // AES-256-GCM under a key derived from AUTH_SECRET.
  privateJwkEncrypted: text('private_jwk_encrypted').notNull(),
  createdAt: createdAt(),
  // Stops signing at rotation; leaves the JWKS once every token it signed has expired.
  rotatedOutAt: timestamp('rotated_out_at', { withTimezone: true }),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
})

// Email verification and password reset (mailed links)

// Single-use links mailed to an address: only the SHA-256 of the 256-bit token is stored. A link
// is bound to the address it was sent to, so it dies when the account's address changes.
export const emailTokens = pgTable('email_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  purpose: text('purpose', { enum: ['password_reset', 'email_verification'] }).notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  email: text('email').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('email_tokens_user_idx').on(t.userId, t.purpose), index('email_tokens_expires_idx').on(t.expiresAt)])

// One row (id 1) of email policy an admin sets in the console.
export const emailPolicy = pgTable('email_policy', {
  id: integer('id').primaryKey().default(1),
  requireVerifiedEmail: boolean('require_verified_email').notNull().default(false),
  updatedAt: updatedAt(),
})

export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
export type Client = typeof clients.$inferSelect
export type Scope = typeof scopes.$inferSelect
export type AuthorizationCode = typeof authorizationCodes.$inferSelect
export type RefreshToken = typeof refreshTokens.$inferSelect
export type SigningKey = typeof signingKeys.$inferSelect
export type EmailToken = typeof emailTokens.$inferSelect

// Upstream login: identity providers an admin configured, and the upstream accounts linked to
// local users. Providers from UPSTREAM_PROVIDERS live in the configuration, not here, so a link's
// provider_id names either.
export const upstreamProviders = pgTable('upstream_providers', {
  id: text('id').primaryKey(),
  type: text('type', { enum: ['oidc', 'github'] }).notNull(),
  name: text('name').notNull(),
  // The OpenID Connect issuer (discovery); null for GitHub.
  issuer: text('issuer'),
  clientId: text('client_id').notNull(),
  // AES-256-GCM under a key derived from AUTH_SECRET; never shown again once saved.
  clientSecretSealed: text('client_secret_sealed').notNull(),
  scopes: text('scopes').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  // Sign a first-time upstream user into the local account with the same email, only when the
  // upstream says that email is verified.
  linkByVerifiedEmail: boolean('link_by_verified_email').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const upstreamLinks = pgTable('upstream_links', {
  providerId: text('provider_id').notNull(),
  // The upstream's stable account id (`sub`, or GitHub's numeric user id).
  subject: text('subject').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  // What the upstream said at the last sign-in, shown on the account page.
  email: text('email'),
  emailVerified: boolean('email_verified').notNull().default(false),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.providerId, t.subject] }),
  uniqueIndex('upstream_links_user_provider_idx').on(t.userId, t.providerId),
])

export type UpstreamProviderRow = typeof upstreamProviders.$inferSelect
export type UpstreamLink = typeof upstreamLinks.$inferSelect

// --- Second factors: authenticator apps (TOTP), passkeys, recovery codes, half-finished sign-ins ---

// One authenticator app per user. The secret is sealed under AUTH_SECRET; confirmedAt stays null
// until a first code proves the app holds it. lastUsedStep refuses a code's replay (RFC 6238 §5.2).
export const totpFactors = pgTable('totp_factors', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  secretSealed: text('secret_sealed').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  createdAt: createdAt(),
})

// Single-use recovery codes, stored as SHA-256 hashes (they are random, so a hash suffices).
export const recoveryCodes = pgTable('recovery_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('recovery_codes_user_idx').on(t.userId), uniqueIndex('recovery_codes_hash_idx').on(t.userId, t.codeHash)])

// WebAuthn credentials (passkeys); several per user, each named by its owner.
export const passkeys = pgTable('passkeys', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  credentialId: text('credential_id').notNull().unique(),
  publicKey: text('public_key').notNull(),
  counter: bigint('counter', { mode: 'number' }).notNull().default(0),
  transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
  name: text('name').notNull(),
  // Synced (multi-device) credentials are software keys (amr swk), device-bound ones hardware (hwk).
  deviceType: text('device_type').notNull(),
  backedUp: boolean('backed_up').notNull().default(false),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('passkeys_user_idx').on(t.userId)])

// The state between a first factor and the second, or a WebAuthn challenge in flight: never a
// session. The browser holds only a random token (sealed cookie); the row is short-lived and single use.
export const pendingSignIns = pgTable('pending_sign_ins', {
  tokenHash: text('token_hash').primaryKey(),
  purpose: text('purpose', { enum: ['second_factor', 'passkey_sign_in', 'passkey_registration'] }).notNull(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  amr: text('amr').array().notNull().default(sql`'{}'::text[]`),
  challenge: text('challenge'),
  returnTo: text('return_to').notNull().default('/account'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [index('pending_sign_ins_expires_idx').on(t.expiresAt)])

// When a user under the second-factor policy must have enrolled by: set at their first sign-in
// under the policy, so turning the policy on gives everyone the same grace period.
export const enrolmentDeadlines = pgTable('enrolment_deadlines', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
})

export type TotpFactor = typeof totpFactors.$inferSelect
export type RecoveryCode = typeof recoveryCodes.$inferSelect
export type Passkey = typeof passkeys.$inferSelect
export type PendingSignIn = typeof pendingSignIns.$inferSelect

// ── Machine clients: registration (RFC 7591/7592), resource indicators (RFC 8707), client ID
// metadata documents, and whether an administrator has verified a self-registered client.
export const initialAccessTokens = pgTable('initial_access_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  // SHA-256 of the token handed to the developer once.
  tokenHash: text('token_hash').notNull().unique(),
  label: text('label').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
})

// How a client came to exist when it registered itself, and whether an admin vouched for it.
export const clientRegistrations = pgTable('client_registrations', {
  clientId: text('client_id').primaryKey().references(() => clients.id, { onDelete: 'cascade' }),
  source: text('source', { enum: ['registration', 'metadata_document'] }).notNull(),
  // SHA-256 of the RFC 7592 registration access token (registration only).
  registrationTokenHash: text('registration_token_hash').unique(),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  verifiedBy: uuid('verified_by').references(() => users.id, { onDelete: 'set null' }),
  // Client ID metadata documents: when the fetched document stops being fresh.
  documentExpiresAt: timestamp('document_expires_at', { withTimezone: true }),
  createdAt: createdAt(),
})

// Resource servers tokens may be issued for (RFC 8707), with the scopes each accepts.
export const protectedResources = pgTable('protected_resources', {
  uri: text('uri').primaryKey(),
  name: text('name').notNull(),
  scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
})

// The resource a grant was authorized for: its codes and refresh tokens reach no other.
export const grantResources = pgTable('grant_resources', {
  grantId: uuid('grant_id').primaryKey().references(() => grants.id, { onDelete: 'cascade' }),
  resource: text('resource').notNull(),
})

export type ClientRegistration = typeof clientRegistrations.$inferSelect
export type ProtectedResource = typeof protectedResources.$inferSelect
export type InitialAccessToken = typeof initialAccessTokens.$inferSelect
