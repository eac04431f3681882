import { authorizationCodeGrant } from './authorization-code'
import { clientCredentialsGrant } from './client-credentials'
import type { GrantHandler } from './context'
import { passwordGrant } from './password'
import { refreshTokenGrant } from './refresh-token'

/** grant_type → handler. Implicit is absent on purpose (OAuth 2.1, RFC 9700 §2.1.2). */
export const grantHandlers: Record<string, GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
}
