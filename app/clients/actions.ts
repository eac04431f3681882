'use server'
// Server actions of the developer dashboard. Each one reads the signed-in user and passes that
// user's id to the registry, which only touches clients the user owns: an id posted by hand
// (hidden field or forged action call) for someone else's client answers 404 and changes nothing.
import { revalidatePath } from 'next/cache'
import { notFound, redirect } from 'next/navigation'
import { database } from '@/db/client'
import { createClient, deleteClient, rotateClientSecret, updateClient } from '@/lib/clients/registry'
import { connectDetails } from '@/lib/clients/snippets'
import { config } from '@/lib/config'
import { messages } from '@/lib/messages'
import { requestContext } from '../_server/context'
import { formText } from '../_server/form'
import { requireUser } from '../_server/session'
import type { ClientFormState, ClientFormValues, SecretFormState } from './state'

function readClientForm(form: FormData): ClientFormValues {
  const strings = (name: string) => form.getAll(name).filter((value): value is string => typeof value === 'string')
  return {
    name: formText(form, 'name'),
    type: formText(form, 'type'),
    redirectUris: formText(form, 'redirectUris'),
    postLogoutRedirectUris: formText(form, 'postLogoutRedirectUris'),
    grantTypes: strings('grantTypes'),
    scopes: strings('scopes'),
    tokenEndpointAuthMethod: formText(form, 'tokenEndpointAuthMethod'),
    requirePkce: form.get('requirePkce') === 'on',
    homepageUrl: formText(form, 'homepageUrl'),
    logoUrl: formText(form, 'logoUrl'),
    policyUrl: formText(form, 'policyUrl'),
  }
}

export async function createClientAction(_previous: ClientFormState, form: FormData): Promise<ClientFormState> {
  const { user } = await requireUser('/clients/new')
  const values = readClientForm(form)
  const result = await createClient(await database(), user.id, values, await requestContext())
  if (!result.ok) return { errors: result.errors, values }
  revalidatePath('/clients')
  return { created: { clientId: result.client.id, clientSecret: result.secret, name: result.client.name, connect: connectDetails(result.client, config().ISSUER) } }
}

export async function updateClientAction(_previous: ClientFormState, form: FormData): Promise<ClientFormState> {
  const clientId = formText(form, 'clientId')
  const { user } = await requireUser(`/clients/${encodeURIComponent(clientId)}`)
  const values = readClientForm(form)
  const { type: _ignored, ...input } = values // the type is fixed after creation
  void _ignored
  const result = await updateClient(await database(), user.id, clientId, input, await requestContext())
  if (result === null) notFound()
  if (!result.ok) return { errors: result.errors, values }
  revalidatePath('/clients')
  revalidatePath(`/clients/${clientId}`)
  return { success: 'Saved.' }
}

export async function rotateSecretAction(_previous: SecretFormState, form: FormData): Promise<SecretFormState> {
  const clientId = formText(form, 'clientId')
  const { user } = await requireUser(`/clients/${encodeURIComponent(clientId)}`)
  // Rotating breaks every deployment of the client at once: confirmed like a deletion.
  if (form.get('confirm') !== 'yes') return { errors: { confirm: messages.confirmRotation } }
  const result = await rotateClientSecret(await database(), user.id, clientId, await requestContext())
  if (result === null) notFound()
  if (!result.ok) return { errors: result.errors }
  return { secret: result.secret }
}

export async function deleteClientAction(_previous: SecretFormState, form: FormData): Promise<SecretFormState> {
  const clientId = formText(form, 'clientId')
  const { user } = await requireUser(`/clients/${encodeURIComponent(clientId)}`)
  // The confirmation is a required checkbox: it works without JavaScript, and is checked here too.
  if (form.get('confirm') !== 'yes') return { errors: { confirm: messages.confirmDeletion } }
  const deleted = await deleteClient(await database(), user.id, clientId, await requestContext())
  if (!deleted) notFound()
  revalidatePath('/clients')
  redirect('/clients')
}
