'use server'
// Admin-only client settings. Each action checks requireAdmin() itself: posted directly by anyone
// else it answers 404 and changes nothing.
import { revalidatePath } from 'next/cache'
import { database } from '@/db/client'
import { setClientSetting, type ClientSetting } from '@/lib/admin/clients'
import { requestContext } from '../../_server/context'
import { formText, type FormState } from '../../_server/form'
import { requireAdmin } from '../../_server/session'

const settings: readonly ClientSetting[] = ['password_grant', 'first_party', 'enabled']

export async function setClientSettingAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const setting = formText(form, 'setting') as ClientSetting
  const clientId = formText(form, 'clientId')
  if (!settings.includes(setting) || !clientId || clientId.length > 128) return { errors: { form: 'Unknown setting.' } }
  const result = await setClientSetting(await database(), user.id, clientId, setting, formText(form, 'value') === 'true', await requestContext())
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/admin/clients')
  return { success: 'Saved.' }
}
