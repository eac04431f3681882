'use server'
// Scope catalog actions. Each checks requireAdmin() itself (posted directly by a non-admin: 404).
import { database } from '@/db/client'
import { addScope, editScope, removeScope } from '@/lib/admin/scopes'
import type { Result } from '@/lib/result'
import { requestContext } from '../../_server/context'
import { formAnswer } from '../../_server/form-answer'
import { formText, type FormState } from '../../_server/form'
import { requireAdmin } from '../../_server/session'

function readScopeForm(form: FormData) {
  return { name: formText(form, 'name'), description: formText(form, 'description'), restricted: form.get('restricted') === 'on' }
}

const answer = (result: Result, success: string, values?: Record<string, string>): FormState => formAnswer(result, success, '/admin/scopes', values)

export async function addScopeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const input = readScopeForm(form)
  return answer(await addScope(await database(), user.id, input, await requestContext()), `Scope ${input.name.trim()} added.`, { name: input.name, description: input.description })
}

export async function editScopeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  return answer(await editScope(await database(), user.id, readScopeForm(form), await requestContext()), 'Saved.')
}

export async function deleteScopeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  return answer(await removeScope(await database(), user.id, formText(form, 'name'), await requestContext()), 'Deleted.')
}
