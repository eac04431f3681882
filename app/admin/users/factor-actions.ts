'use server'
import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { database } from '@/db/client'
import { resetSecondFactors } from '@/lib/factors/enrolment'
import { messages } from '@/lib/messages'
import { requestContext } from '../../_server/context'
import { formText, type FormState } from '../../_server/form'
import { requireAdmin } from '../../_server/session'

export async function resetSecondFactorsAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user: admin } = await requireAdmin()
  const parsed = z.uuid().safeParse(formText(form, 'userId'))
  if (!parsed.success) return { errors: { form: messages.noSuchUser } }
  const reset = await resetSecondFactors(await database(), admin, parsed.data, await requestContext())
  revalidatePath('/admin/users')
  return reset ? { success: 'Second factors removed: the user signs in with the password and can set up new ones.' } : { errors: { form: 'This user has no second factor.' } }
}
