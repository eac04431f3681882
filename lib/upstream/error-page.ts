// What the person reads when an upstream sign-in did not complete: what happened and what to do.
import { isUpstreamFailureReason, type UpstreamFailureReason } from './failures'

export const UPSTREAM_ERROR_PATH = '/login/upstream-error'

export const upstreamFailureText: Record<UpstreamFailureReason, { title: string; message: string }> = {
  denied: { title: 'Sign-in cancelled', message: 'The provider says you declined to sign in there, so nothing changed. You can try again or use another way to sign in.' },
  bad_state: { title: 'This sign-in link is not valid', message: 'The answer from the provider does not belong to a sign-in started in this browser, or it has expired. Start again from the login page.' },
  unreachable: { title: 'The provider is not reachable', message: 'Gatehouse could not reach the sign-in provider just now. Try again in a few minutes, or use another way to sign in.' },
  invalid_response: { title: 'The provider\'s answer failed our checks', message: 'The provider answered, but its answer did not pass Gatehouse\'s security checks, so you were not signed in. Start again from the login page.' },
  upstream_error: { title: 'The provider refused the sign-in', message: 'The provider answered with an error. Try again, or use another way to sign in.' },
  unknown_provider: { title: 'Unknown provider', message: 'This sign-in provider is not available.' },
  email_taken: { title: 'An account with this email exists', message: 'Log in to that account with your password, then link this provider from your account page.' },
  no_email: { title: 'No email address from the provider', message: 'The provider did not share a valid email address, which a new Gatehouse account needs. Allow it to share your email, or sign up with a password.' },
  disabled: { title: 'Account disabled', message: 'The Gatehouse account linked to this provider is disabled.' },
  throttled: { title: 'Too many attempts', message: 'Too many sign-in attempts from your network. Wait a few minutes and try again.' },
  linked_elsewhere: { title: 'Linked to another account', message: 'This account at the provider is already linked to another Gatehouse account.' },
  already_linked: { title: 'Already linked', message: 'Your Gatehouse account is already linked to an account at this provider. Unlink it first to link another.' },
}

export function upstreamErrorUrl(reason: UpstreamFailureReason, returnTo: string): string {
  return `${UPSTREAM_ERROR_PATH}?${new URLSearchParams({ reason, return_to: returnTo })}`
}

export function upstreamFailureFor(reason: unknown) {
  return upstreamFailureText[isUpstreamFailureReason(reason) ? reason : 'bad_state']
}
