// Why an upstream sign-in did not complete, in the words the error page uses. Every failure of
// the upstream round trip ends as one of these, never as a 500.
import * as openid from 'openid-client'

export const UPSTREAM_FAILURE_REASONS = [
  'denied', 'bad_state', 'unreachable', 'invalid_response', 'upstream_error', 'unknown_provider',
  'email_taken', 'no_email', 'disabled', 'throttled', 'linked_elsewhere', 'already_linked',
] as const
export type UpstreamFailureReason = (typeof UPSTREAM_FAILURE_REASONS)[number]

export class UpstreamFailure extends Error {
  constructor(readonly reason: UpstreamFailureReason, cause?: unknown) {
    super(`upstream sign-in failed: ${reason}`, { cause })
  }
}

// Timeouts, aborts, and an HTTP status the protocol does not allow there (a 502 from a proxy).
const UNREACHABLE_CODES = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM'])

/** Network trouble and timeouts are the provider being away; an error the provider sent back is
 * its refusal (access_denied: the person said no); anything else is an answer that failed the
 * library's checks (state, nonce, iss, signature, audience). */
export function classifyUpstreamError(error: unknown): UpstreamFailureReason {
  if (error instanceof openid.AuthorizationResponseError) return error.error === 'access_denied' ? 'denied' : 'upstream_error'
  if (error instanceof openid.ResponseBodyError) return 'upstream_error'
  if (error instanceof TypeError && !('code' in error && String(error.code).startsWith('ERR_INVALID'))) return 'unreachable'
  if (error instanceof Error && error.name === 'TimeoutError') return 'unreachable'
  if (error instanceof openid.ClientError && error.code && UNREACHABLE_CODES.has(error.code)) return 'unreachable'
  return 'invalid_response'
}

export function isUpstreamFailureReason(value: unknown): value is UpstreamFailureReason {
  return typeof value === 'string' && (UPSTREAM_FAILURE_REASONS as readonly string[]).includes(value)
}
