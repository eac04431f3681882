// The authorization flow's answers as data. startAuthorization(), continueAuthorization() and
// decideConsent() return one of these steps; only the edge (the /oauth/authorize route handler,
// the continue page, the consent action) turns it into HTTP: a redirect to stepLocation(), or a page.
import { passwordChangeUrl } from '../auth/accounts'
import { EMAIL_CONFIRMATION_URL } from '../auth/verification'
import type { ProtocolResponse } from '../contract'
import { messages } from '../messages'
import { redirectResponse } from '../response'
import { errorPageResponse, type ErrorPageDetails } from './error-page'

export type AuthorizationStep =
  /** Sign in (or again: prompt=login, max_age passed), then continue the stored request. */
  | { kind: 'login'; requestId: string; loginHint?: string }
  /** A generated or administrator-set password is replaced before anything is authorized. */
  | { kind: 'change_password'; requestId: string }
  /** An administrator requires a confirmed email address before anything is authorized. */
  | { kind: 'confirm_email'; requestId: string }
  /** The user approves or denies the scopes on the consent page. */
  | { kind: 'consent'; requestId: string }
  /** Back to the client's (already trusted) redirect URI with a code or an error (RFC 6749 §4.1.2, §4.1.2.1). */
  | { kind: 'redirect'; to: string }
  /** The stored request is gone: expired, already used, or never one of ours. */
  | { kind: 'expired' }
  /** Refused before the redirect URI is trusted: a page, never a redirect (RFC 9700 §4.11.2). */
  | { kind: 'refused'; title: string; message: string; details?: ErrorPageDetails }

/** The steps that end on a page of ours instead of a redirect. */
export type PageStep = Extract<AuthorizationStep, { kind: 'expired' | 'refused' }>
export type RedirectStep = Exclude<AuthorizationStep, PageStep>

export function isPageStep(step: AuthorizationStep): step is PageStep {
  return step.kind === 'expired' || step.kind === 'refused'
}

/** Where a sign-in method sends the browser once the user is signed in: the stored request goes on. */
export function continueAuthorizationPath(requestId: string): string {
  return `/oauth/authorize/continue?request=${encodeURIComponent(requestId)}`
}

/** Where the browser goes next. */
export function stepLocation(step: RedirectStep): string {
  switch (step.kind) {
    case 'login': {
      const query = new URLSearchParams({ return_to: continueAuthorizationPath(step.requestId) })
      if (step.loginHint) query.set('login_hint', step.loginHint)
      return `/login?${query}`
    }
    case 'change_password': return passwordChangeUrl(continueAuthorizationPath(step.requestId))
    case 'confirm_email': return EMAIL_CONFIRMATION_URL
    case 'consent': return `/consent?request=${encodeURIComponent(step.requestId)}`
    case 'redirect': return step.to
  }
}

/** What the page of a page step says. */
export function stepPage(step: PageStep): { title: string; message: string; details?: ErrorPageDetails } {
  return step.kind === 'expired' ? { title: messages.authorizationExpiredTitle, message: messages.authorizationExpired } : step
}

/** A step as an HTTP answer: a redirect to its location, or its page. */
export function authorizationStepResponse(step: AuthorizationStep): ProtocolResponse {
  if (!isPageStep(step)) return redirectResponse(stepLocation(step))
  const page = stepPage(step)
  return errorPageResponse(page.title, page.message, 400, page.details)
}
