// The console's changes to upstream providers. The client secret is sealed before it is stored
// and never read back into a page: an edit that leaves the secret blank keeps the stored one.
import type { Database } from '@/db/client'
import { deleteUpstreamProvider, findUpstreamProviderRow, insertUpstreamProvider, updateUpstreamProvider } from '@/db/queries/upstream'
import { isUniqueViolation } from '@/db/errors'
import { audit, type RequestContext } from '../audit'
import { config } from '../config'
import { seal } from '../crypto'
import { invalidInput, refused, type Result } from '../result'
import { DEFAULT_SCOPES, providerSettingsSchema } from './provider-rules'
import { CLIENT_SECRET_PURPOSE, isEnvironmentProvider } from './providers'
import { forgetUpstreamConfiguration } from './client'

const MANAGED_BY_ENVIRONMENT = 'This provider is set by UPSTREAM_PROVIDERS; change it there.'

export interface ProviderForm {
  id: string
  type: string
  name: string
  issuer?: string
  client_id: string
  client_secret: string
  scopes?: string
  enabled: boolean
  link_by_verified_email: boolean
}

function values(form: ProviderForm) {
  return { ...form, issuer: form.type === 'oidc' ? form.issuer : undefined, scopes: form.scopes?.trim() || undefined }
}

export async function createProvider(db: Database, actorUserId: string, form: ProviderForm, context: RequestContext): Promise<Result<{ id: string }>> {
  const parsed = providerSettingsSchema.safeParse(values(form))
  if (!parsed.success) return invalidInput(parsed.error)
  const settings = parsed.data
  if (isEnvironmentProvider(settings.id)) return refused('UPSTREAM_PROVIDERS already names a provider with this id.', 'id')
  try {
    await db.transaction(async (tx) => {
      await insertUpstreamProvider(tx, {
        id: settings.id,
        type: settings.type,
        name: settings.name,
        issuer: settings.issuer ?? null,
        clientId: settings.client_id,
        clientSecretSealed: seal(settings.client_secret, config().authSecret, CLIENT_SECRET_PURPOSE),
        scopes: settings.scopes ?? DEFAULT_SCOPES[settings.type],
        enabled: form.enabled,
        linkByVerifiedEmail: form.link_by_verified_email,
      })
      await audit(tx, { event: 'upstream.provider_created', actorUserId, details: { provider: settings.id, type: settings.type } }, context)
    })
  } catch (error) {
    if (isUniqueViolation(error)) return refused('A provider with this id exists.', 'id')
    throw error
  }
  return { ok: true, id: settings.id }
}

/** Saves an edit; a blank secret keeps the stored one. The id and type never change. */
export async function updateProvider(db: Database, actorUserId: string, form: ProviderForm, context: RequestContext): Promise<Result> {
  if (isEnvironmentProvider(form.id)) return refused(MANAGED_BY_ENVIRONMENT)
  const existing = await findUpstreamProviderRow(db, form.id)
  if (!existing) return refused('No such provider.')
  const keepSecret = form.client_secret === ''
  const parsed = providerSettingsSchema.safeParse(values({ ...form, type: existing.type, client_secret: keepSecret ? 'unchanged' : form.client_secret }))
  if (!parsed.success) return invalidInput(parsed.error)
  const settings = parsed.data
  await db.transaction(async (tx) => {
    await updateUpstreamProvider(tx, existing.id, {
      name: settings.name,
      issuer: settings.issuer ?? null,
      clientId: settings.client_id,
      ...(keepSecret ? {} : { clientSecretSealed: seal(settings.client_secret, config().authSecret, CLIENT_SECRET_PURPOSE) }),
      scopes: settings.scopes ?? DEFAULT_SCOPES[existing.type],
      enabled: form.enabled,
      linkByVerifiedEmail: form.link_by_verified_email,
    })
    await audit(tx, { event: 'upstream.provider_updated', actorUserId, details: { provider: existing.id, secretReplaced: !keepSecret } }, context)
  })
  forgetUpstreamConfiguration(existing.id)
  return { ok: true }
}

/** Deletes the provider and its links; accounts that signed up through it keep their other ways in. */
export async function removeProvider(db: Database, actorUserId: string, id: string, context: RequestContext): Promise<Result> {
  if (isEnvironmentProvider(id)) return refused(MANAGED_BY_ENVIRONMENT)
  const deleted = await db.transaction(async (tx) => {
    const found = await deleteUpstreamProvider(tx, id)
    if (found) await audit(tx, { event: 'upstream.provider_deleted', actorUserId, details: { provider: id } }, context)
    return found
  })
  forgetUpstreamConfiguration(id)
  return deleted ? { ok: true } : refused('No such provider.')
}
