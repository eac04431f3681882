import type { ConnectDetails } from '@/lib/clients/snippets'
import type { FieldErrors } from '@/lib/result'

/** What the client form submitted, handed back so a refused form keeps what was typed. */
export interface ClientFormValues {
  name: string
  type: string
  redirectUris: string
  postLogoutRedirectUris: string
  grantTypes: string[]
  scopes: string[]
  tokenEndpointAuthMethod: string
  requirePkce: boolean
  homepageUrl: string
  logoUrl: string
  policyUrl: string
}

/** The created client's credentials live only in this returned state: never in a URL, never
 * re-rendered after a reload: the secret is shown this once. */
export interface ClientFormState {
  errors?: FieldErrors
  values?: ClientFormValues
  success?: string
  created?: { clientId: string; clientSecret: string | null; name: string; connect: ConnectDetails }
}

export interface SecretFormState { errors?: FieldErrors; secret?: string }

export const emptyClientFormState: ClientFormState = {}
export const emptySecretFormState: SecretFormState = {}

export const grantTypeExplanations: Record<string, string> = {
  authorization_code: 'Users sign in and approve your app in the browser; your app exchanges the code it gets back for tokens (with PKCE).',
  refresh_token: 'Your app swaps a refresh token for new access tokens, without sending the user through the browser again. Needs authorization_code.',
  client_credentials: 'Your server calls APIs as itself, with no user involved (confidential clients only).',
}

/** How a confidential client proves who it is at the token endpoint (RFC 6749 §2.3.1). */
export const authMethodExplanations: Record<string, string> = {
  client_secret_basic: 'Your app sends its client id and secret in the Authorization header (HTTP Basic). Most libraries do this by default.',
  client_secret_post: 'Your app sends client_id and client_secret as fields of the token request body.',
}

/** The built-in scopes as a developer needs them: what the tokens then carry. Other scopes show
 * the description their administrator wrote. */
export const developerScopeExplanations: Record<string, string> = {
  openid: 'Makes it an OpenID Connect sign-in: you get an ID token whose sub identifies the user.',
  profile: 'Adds preferred_username and name to the ID token and userinfo.',
  email: 'Adds email and email_verified to the ID token and userinfo.',
  offline_access: 'Lets your app get refresh tokens (also enable the refresh_token grant) to keep access while the user is away.',
}
