'use server'
import { revalidatePath } from 'next/cache'
import { database } from '@/db/client'
import { resendVerification } from '@/lib/auth/verification'
import { requestContext } from '../_server/context'
import type { FormState } from '../_server/form'
import { requireUser } from '../_server/session'

export async function resendVerificationAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const { user } = await requireUser('/account')
  const result = await resendVerification(await database(), user, await requestContext())
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/account')
  return { success: `We mailed a new confirmation link to ${result.email}.` }
}
