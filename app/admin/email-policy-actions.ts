'use server'
// Every action checks requireAdmin() itself: an action can be posted without loading its page.
import { revalidatePath } from 'next/cache'
import { database } from '@/db/client'
import { setEmailPolicy } from '@/lib/admin/email-policy'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { requireAdmin } from '../_server/session'

export async function saveEmailPolicyAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireAdmin()
  const requireVerifiedEmail = formText(form, 'requireVerifiedEmail') === 'on'
  await setEmailPolicy(await database(), user.id, { requireVerifiedEmail }, await requestContext())
  revalidatePath('/admin')
  return { success: requireVerifiedEmail ? 'Users must now confirm their email address before approving an application.' : 'Users no longer need a confirmed email address to approve an application.' }
}
