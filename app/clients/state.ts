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
  authorization_code: 'Users sign in and approve your app in the browser (with PKCE).',
  refresh_token: 'Your app keeps access without asking the user again.',
  client_credentials: 'Your server calls APIs as itself, with no user (confidential clients only).',
}
