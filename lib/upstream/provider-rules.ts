// What makes an upstream provider's settings valid, for the admin form and for UPSTREAM_PROVIDERS
// alike. Only zod here: lib/config.ts parses the environment with it.
import { z } from 'zod'
import { parseUrl } from '../url'

export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/
export const PROVIDER_TYPES = ['oidc', 'github'] as const
export type ProviderType = (typeof PROVIDER_TYPES)[number]

/** What each type asks for when no scopes are given: an OpenID Connect identity with email and
 * profile; GitHub's profile and its email addresses (the primary one is only in /user/emails). */
export const DEFAULT_SCOPES: Record<ProviderType, string> = {
  oidc: 'openid email profile',
  github: 'read:user user:email',
}

/** Google is an OpenID Connect issuer like any other; the admin form offers it pre-filled. */
export const GOOGLE_ISSUER = 'https://accounts.google.com'

const isLoopbackHost = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]'

/** https only, except on loopback (a local test issuer): discovery, keys and tokens travel there. */
export function issuerProblem(value: string): string | null {
  const url = parseUrl(value)
  if (!url) return 'Enter the issuer URL.'
  if (url.search || url.hash || url.username || url.password) return 'The issuer URL has no query, fragment or credentials.'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null
  return 'The issuer URL must use https.'
}

export function allowsPlainHttp(issuer: string): boolean {
  const url = new URL(issuer)
  return url.protocol === 'http:' && isLoopbackHost(url.hostname)
}

const scopeText = z.string().trim().max(500).regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'Scopes are space-separated words.')

export const providerSettingsSchema = z.object({
  id: z.string().regex(PROVIDER_ID_PATTERN, 'Use 1 – 32 lowercase letters, digits and dashes, starting with a letter or digit.'),
  type: z.enum(PROVIDER_TYPES),
  name: z.string().trim().min(1, 'Enter a display name.').max(64, 'Use at most 64 characters.'),
  issuer: z.string().trim().max(500).optional(),
  client_id: z.string().trim().min(1, 'Enter the client id.').max(500),
  client_secret: z.string().min(1, 'Enter the client secret.').max(2000),
  scopes: scopeText.optional(),
  link_by_verified_email: z.boolean().optional(),
}).superRefine((value, context) => {
  if (value.type === 'oidc') {
    const problem = value.issuer ? issuerProblem(value.issuer) : 'An OpenID Connect provider needs its issuer URL.'
    if (problem) context.addIssue({ code: 'custom', path: ['issuer'], message: problem })
  }
  if (value.type === 'oidc' && value.scopes && !value.scopes.split(' ').includes('openid')) {
    context.addIssue({ code: 'custom', path: ['scopes'], message: 'An OpenID Connect provider needs the openid scope.' })
  }
})

export type ProviderSettings = z.infer<typeof providerSettingsSchema>

/** UPSTREAM_PROVIDERS: a JSON array of provider settings with distinct ids. */
export const upstreamProvidersVariable = z.string().transform((text, context): ProviderSettings[] => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    context.addIssue({ code: 'custom', message: 'must be a JSON array of providers' })
    return z.NEVER
  }
  const parsed = z.array(providerSettingsSchema).max(50).safeParse(json)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` })
    return z.NEVER
  }
  const ids = parsed.data.map((provider) => provider.id)
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index)
  if (repeated) {
    context.addIssue({ code: 'custom', message: `provider id "${repeated}" appears twice` })
    return z.NEVER
  }
  return parsed.data
})
