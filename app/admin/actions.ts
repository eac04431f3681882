'use server'
// Admin server actions on the overview page. Every action checks requireAdmin() itself: an action
// can be posted directly, without ever loading the page that renders its form.
import { revalidatePath } from 'next/cache'
import { database } from '@/db/client'
import { rotateKeys } from '@/lib/keys/management'
import { requestContext } from '../_server/context'
import type { FormState } from '../_server/form'
import { requireAdmin } from '../_server/session'

export async function rotateKeysAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const kids = await rotateKeys(await database(), { ...(await requestContext()), actorUserId: user.id })
  revalidatePath('/admin')
  return { success: `New signing keys: ${kids.join(', ')}. The previous keys stay published until their tokens expire.` }
}
