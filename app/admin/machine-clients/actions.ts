'use server'
// Machine-client administration. Each action checks requireAdmin() itself (posted directly by a non-admin: 404).
import { revalidatePath } from 'next/cache'
import { database } from '@/db/client'
import {
  issueInitialAccessToken, removeProtectedResource, revokeInitialAccess, saveProtectedResource, setClientVerified,
} from '@/lib/machine/administration'
import type { Result } from '@/lib/result'
import { requestContext } from '../../_server/context'
import { formText, type FormState } from '../../_server/form'
import { requireAdmin } from '../../_server/session'

function answer(result: Result, success: string, values?: Record<string, string>): FormState {
  if (!result.ok) return { errors: result.errors, values }
  revalidatePath('/admin/machine-clients')
  return { success }
}

export async function issueInitialAccessTokenAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const days = formText(form, 'validDays').trim()
  const result = await issueInitialAccessToken(await database(), user.id, formText(form, 'label'), days === '' ? null : Number(days), await requestContext())
  if (!result.ok) return { errors: result.errors, values: { label: formText(form, 'label'), validDays: days } }
  revalidatePath('/admin/machine-clients')
  // Shown this once: only its hash is stored.
  return { success: 'Initial access token issued. Copy it now: it will not be shown again.', values: { token: result.token } }
}

export async function revokeInitialAccessTokenAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  return answer(await revokeInitialAccess(await database(), user.id, formText(form, 'id'), await requestContext()), 'Revoked.')
}

export async function setClientVerifiedAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const verified = formText(form, 'verified') === 'true'
  return answer(await setClientVerified(await database(), user.id, formText(form, 'clientId'), verified, await requestContext()), verified ? 'Verified.' : 'Marked unverified.')
}

export async function saveResourceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const input = { uri: formText(form, 'uri'), name: formText(form, 'name'), scopes: formText(form, 'scopes').split(/[\s,]+/) }
  return answer(await saveProtectedResource(await database(), user.id, input, await requestContext()), 'Resource saved.', { uri: input.uri, name: input.name, scopes: formText(form, 'scopes') })
}

export async function deleteResourceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  return answer(await removeProtectedResource(await database(), user.id, formText(form, 'uri'), await requestContext()), 'Deleted.')
}
