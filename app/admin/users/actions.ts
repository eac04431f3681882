'use server'
// Admin actions on users. Each checks requireAdmin() itself (a non-admin posting one directly gets
// a 404 and changes nothing) and takes the user id from the form as untrusted input.
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { database } from '@/db/client'
import { setPermissions } from '@/lib/admin/permissions'
import { deleteUserAsAdmin, disableUser, enableUser } from '@/lib/admin/users'
import { messages } from '@/lib/messages'
import type { Result } from '@/lib/result'
import { requestContext } from '../../_server/context'
import { formText, type FormState } from '../../_server/form'
import { requireAdmin } from '../../_server/session'

function targetUserId(form: FormData): string | null {
  const parsed = z.uuid().safeParse(formText(form, 'userId'))
  return parsed.success ? parsed.data : null
}

function answer(result: Result, success: string): FormState {
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/admin/users')
  return { success }
}

export async function setPermissionsAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user: admin } = await requireAdmin()
  const userId = targetUserId(form)
  if (!userId) return { errors: { form: messages.noSuchUser } }
  const wanted = form.getAll('permissions').filter((value): value is string => typeof value === 'string')
  return answer(await setPermissions(await database(), userId, wanted, admin.id, await requestContext()), 'Permissions saved.')
}

export async function disableUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user: admin } = await requireAdmin()
  const userId = targetUserId(form)
  if (!userId) return { errors: { form: messages.noSuchUser } }
  return answer(await disableUser(await database(), admin.id, userId, await requestContext()), 'Disabled: sessions ended, grants and tokens revoked.')
}

export async function enableUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user: admin } = await requireAdmin()
  const userId = targetUserId(form)
  if (!userId) return { errors: { form: messages.noSuchUser } }
  return answer(await enableUser(await database(), admin.id, userId, await requestContext()), 'Enabled.')
}

export async function deleteUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user: admin } = await requireAdmin()
  const userId = targetUserId(form)
  if (!userId) return { errors: { form: messages.noSuchUser } }
  if (form.get('confirm') !== 'yes') return { errors: { form: messages.confirmDeletion } }
  return answer(await deleteUserAsAdmin(await database(), admin.id, userId, await requestContext()), 'Deleted.')
}
