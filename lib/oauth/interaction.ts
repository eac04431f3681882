// After /oauth/authorize stored a validated request: login when needed, consent when needed,
// then the code. Works only from the stored request, never from what the browser sends back.
import type { Database } from '@/db/client'
import { findConsent, saveConsent } from '@/db/queries/consents'
import { findAuthorizationRequest, takeAuthorizationRequest } from '@/db/queries/authorization-requests'
import { findClientById } from '@/db/queries/clients'
import { insertAuthorizationCode, insertGrant } from '@/db/queries/grants'
import { insertGrantResource } from '@/db/queries/machine-clients'
import { findUserById } from '@/db/queries/users'
import type { Client, Scope, User } from '@/db/schema'
import { audit, type RequestContext } from '../audit'
import { currentTime } from '../clock'
import { mustVerifyEmailFirst } from '../admin/email-policy'
import { config } from '../config'
import { randomToken, sha256 } from '../crypto'
import type { AuthorizationStep } from './authorization-step'
import type { BrowserSession, PendingAuthorization } from './endpoints/authorize'
import { OAuthError, authorizationErrorLocation } from './errors'
import { loadScopeCatalog } from './scopes/catalog'
import { grantedScopes, userPermissions } from './scopes/policy'
import { splitScope } from './scopes/syntax'

interface LoadedRequest { id: string; pending: PendingAuthorization; client: Client; createdAt: Date }

async function loadRequest(db: Database, id: string, now: Date): Promise<LoadedRequest | null> {
  // Ids are randomToken() output (base64url): anything else is not one of ours, and never reaches a query.
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{20,64}$/.test(id)) return null
  const row = await findAuthorizationRequest(db, id, now)
  if (!row) return null
  const client = await findClientById(db, row.clientId)
  if (!client || client.disabledAt) return null
  return { id, pending: row.params as unknown as PendingAuthorization, client, createdAt: row.createdAt }
}

function fail(loaded: LoadedRequest, error: OAuthError): AuthorizationStep {
  return { kind: 'redirect', to: authorizationErrorLocation(loaded.pending.redirectUri, error, loaded.pending.state, config().ISSUER) }
}

const expired: AuthorizationStep = { kind: 'expired' }

/** True when the session cannot be used as is: none, prompt=login asked for a fresh one, or max_age passed. */
function needsLogin(loaded: LoadedRequest, session: BrowserSession | null, now: Date): boolean {
  if (!session) return true
  const prompts = loaded.pending.prompt?.split(' ') ?? []
  if (prompts.includes('login') && session.authTime < loaded.createdAt) return true
  if (loaded.pending.maxAge !== undefined && now.getTime() - session.authTime.getTime() > Number(loaded.pending.maxAge) * 1000) return true
  return false
}

async function scopesFor(db: Database, loaded: LoadedRequest, user: User): Promise<string[]> {
  return grantedScopes(splitScope(loaded.pending.scope), loaded.client, await loadScopeCatalog(db), userPermissions(user), { userGrant: true })
}

/**
 * Decides the next step for a stored request: login, a password change, consent, or the code.
 * Every sign-in method calls this (or sends the browser to continueAuthorizationPath(), whose
 * page calls it) once the user is signed in: it checks the session again, so it is safe to call
 * with whatever session the browser now has.
 */
export async function continueAuthorization(db: Database, requestId: string, session: BrowserSession | null, options: { now?: Date; context?: RequestContext } = {}): Promise<AuthorizationStep> {
  const now = options.now ?? currentTime()
  const loaded = await loadRequest(db, requestId, now)
  if (!loaded) return expired
  const prompts = loaded.pending.prompt?.split(' ') ?? []
  try {
    if (needsLogin(loaded, session, now)) {
      if (prompts.includes('none')) throw new OAuthError('login_required', 'The user is not logged in')
      return { kind: 'login', requestId, ...(loaded.pending.loginHint ? { loginHint: loaded.pending.loginHint } : {}) }
    }
    const { user, authTime } = session!
    // A generated or administrator-set password is replaced before anything is authorized;
    // the password page sends the user back to this very request afterwards.
    if (user.mustChangePassword) {
      if (prompts.includes('none')) throw new OAuthError('interaction_required', 'The user must choose a new password first')
      return { kind: 'change_password', requestId }
    }
    // The admin's email policy can hold every authorization back until the address is confirmed.
    if (await mustVerifyEmailFirst(db, user)) {
      if (prompts.includes('none')) throw new OAuthError('interaction_required', 'The user must confirm their email address first')
      return { kind: 'confirm_email', requestId }
    }
    const scopes = await scopesFor(db, loaded, user)
    const consent = await findConsent(db, user.id, loaded.client.id)
    const consentCovers = Boolean(consent && scopes.every((scope) => consent.scopes.includes(scope)))
    if (!loaded.client.firstParty && (prompts.includes('consent') || !consentCovers)) {
      if (prompts.includes('none')) throw new OAuthError('consent_required', 'The user has not approved this application')
      return { kind: 'consent', requestId }
    }
    return await issueCode(db, loaded, user, scopes, { authTime, amr: session!.amr }, now, options.context ?? {})
  } catch (error) {
    if (error instanceof OAuthError) return fail(loaded, error)
    throw error
  }
}

async function issueCode(db: Database, loaded: LoadedRequest, user: User, scopes: string[], { authTime, amr }: Pick<BrowserSession, 'authTime' | 'amr'>, now: Date, context: RequestContext): Promise<AuthorizationStep> {
  const code = randomToken()
  const taken = await db.transaction(async (tx) => {
    // Taking the stored request makes it single use: a double-submitted consent issues one code.
    const request = await takeAuthorizationRequest(tx, loaded.id)
    if (!request) return false
    const scope = scopes.join(' ')
    const grant = await insertGrant(tx, { clientId: loaded.client.id, userId: user.id, scope, authTime, amr: amr ?? null, createdAt: now })
    if (loaded.pending.resource) await insertGrantResource(tx, grant.id, loaded.pending.resource)
    await insertAuthorizationCode(tx, {
      codeHash: sha256(code),
      clientId: loaded.client.id,
      userId: user.id,
      grantId: grant.id,
      redirectUri: loaded.pending.redirectUri,
      scope,
      codeChallenge: loaded.pending.codeChallenge ?? null,
      nonce: loaded.pending.nonce ?? null,
      authTime,
      expiresAt: new Date(now.getTime() + config().AUTHORIZATION_CODE_TTL * 1000),
      createdAt: now,
    })
    await audit(tx, { event: 'code.issued', actorUserId: user.id, clientId: loaded.client.id, details: { scope } }, context)
    return true
  })
  if (!taken) return expired
  // RFC 6749 §4.1.2 + RFC 9207: code, state, iss.
  const url = new URL(loaded.pending.redirectUri)
  url.searchParams.set('code', code)
  if (loaded.pending.state !== undefined) url.searchParams.set('state', loaded.pending.state)
  url.searchParams.set('iss', config().ISSUER)
  return { kind: 'redirect', to: url.toString() }
}

export interface ConsentPrompt {
  requestId: string
  clientId: string
  clientName: string
  developer: string
  redirectHost: string
  homepageUrl: string | null
  policyUrl: string | null
  scopes: Pick<Scope, 'name' | 'description'>[]
}

/** What the consent page shows; null when the request is gone or unusable. */
export async function describeConsent(db: Database, requestId: string, user: User, now = currentTime()): Promise<ConsentPrompt | null> {
  const loaded = await loadRequest(db, requestId, now)
  if (!loaded) return null
  let names: string[]
  try {
    names = await scopesFor(db, loaded, user)
  } catch {
    return null
  }
  const catalog = await loadScopeCatalog(db)
  const owner = loaded.client.ownerId ? await findUserById(db, loaded.client.ownerId) : null
  return {
    requestId,
    clientId: loaded.client.id,
    clientName: loaded.client.name,
    developer: owner?.username ?? 'Gatehouse administrators',
    redirectHost: redirectHost(loaded.pending.redirectUri),
    homepageUrl: loaded.client.homepageUrl,
    policyUrl: loaded.client.policyUrl,
    scopes: names.map((name) => ({ name, description: catalog.find((scope) => scope.name === name)?.description ?? name })),
  }
}

function redirectHost(uri: string): string {
  try {
    const url = new URL(uri)
    return url.host || `${url.protocol}${url.pathname}`
  } catch {
    return uri
  }
}

/** The user's answer on the consent page: Allow issues a code, Deny answers access_denied. */
export async function decideConsent(db: Database, requestId: string, session: BrowserSession, decision: 'allow' | 'deny', context: RequestContext, now = currentTime()): Promise<AuthorizationStep> {
  const loaded = await loadRequest(db, requestId, now)
  if (!loaded) return expired
  const { user } = session
  if (decision === 'deny') {
    await takeAuthorizationRequest(db, requestId)
    await audit(db, { event: 'consent.denied', actorUserId: user.id, clientId: loaded.client.id }, context)
    return fail(loaded, new OAuthError('access_denied', 'The user denied the request'))
  }
  // A consent posted straight to this step is held to the same email policy.
  if (await mustVerifyEmailFirst(db, user)) return { kind: 'confirm_email', requestId }
  try {
    const scopes = await scopesFor(db, loaded, user)
    const previous = await findConsent(db, user.id, loaded.client.id)
    const remembered = [...new Set([...(previous?.scopes ?? []), ...scopes])]
    await saveConsent(db, user.id, loaded.client.id, remembered, now)
    await audit(db, { event: 'consent.granted', actorUserId: user.id, clientId: loaded.client.id, details: { scope: scopes.join(' ') } }, context)
    return await issueCode(db, loaded, user, scopes, session, now, context)
  } catch (error) {
    if (error instanceof OAuthError) return fail(loaded, error)
    throw error
  }
}

