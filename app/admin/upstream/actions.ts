'use server'
// Upstream provider actions. Each checks requireAdmin() itself (posted directly by a non-admin: 404).
import { database } from '@/db/client'
import type { Result } from '@/lib/result'
import { createProvider, removeProvider, updateProvider, type ProviderForm } from '@/lib/upstream/admin'
import { GOOGLE_ISSUER } from '@/lib/upstream/provider-rules'
import { requestContext } from '../../_server/context'
import { formAnswer } from '../../_server/form-answer'
import { formText, type FormState } from '../../_server/form'
import { requireAdmin } from '../../_server/session'

function readProviderForm(form: FormData): ProviderForm {
  // "Google" is an OpenID Connect provider with Google's issuer filled in.
  const google = formText(form, 'type') === 'google'
  return {
    id: formText(form, 'id').trim(),
    type: google ? 'oidc' : formText(form, 'type'),
    name: formText(form, 'name'),
    issuer: google ? GOOGLE_ISSUER : formText(form, 'issuer'),
    client_id: formText(form, 'client_id'),
    client_secret: formText(form, 'client_secret'),
    scopes: formText(form, 'scopes'),
    enabled: form.get('enabled') === 'on',
    link_by_verified_email: form.get('link_by_verified_email') === 'on',
  }
}

const answer = (result: Result, success: string, values?: Record<string, string>): FormState => formAnswer(result, success, '/admin/upstream', values)

export async function addProviderAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const input = readProviderForm(form)
  // The secret is never sent back into the page, even when the form has to be corrected.
  const { client_secret: _secret, enabled: _enabled, link_by_verified_email: _link, ...shown } = input
  const values = Object.fromEntries(Object.entries({ ...shown, type: formText(form, 'type') }).map(([key, value]) => [key, value ?? '']))
  return answer(await createProvider(await database(), user.id, input, await requestContext()), `Provider ${input.id} added.`, values)
}

export async function editProviderAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  return answer(await updateProvider(await database(), user.id, readProviderForm(form), await requestContext()), 'Saved.')
}

export async function deleteProviderAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  return answer(await removeProvider(await database(), user.id, formText(form, 'id'), await requestContext()), 'Deleted.')
}
