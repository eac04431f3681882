'use server'
import { revalidatePath } from 'next/cache'
import { database } from '@/db/client'
import { confirmTotpSetup, regenerateRecoveryCodes, removeTotp } from '@/lib/factors/enrolment'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { requireUser } from '../_server/session'

/** A form's state that may carry freshly made recovery codes: shown once, never stored in clear. */
export type FactorFormState = FormState & { recoveryCodes?: string[] | null; done?: boolean }

export async function confirmTotpAction(_previous: FactorFormState, form: FormData): Promise<FactorFormState> {
  const { user } = await requireUser('/account/authenticator')
  const result = await confirmTotpSetup(await database(), user, formText(form, 'code'), await requestContext())
  if (!result.ok) return { errors: result.errors }
  // No revalidation here: it would re-render this setup page as "already set up" and drop the
  // recovery codes before the user saw them. /account is rendered fresh on every visit anyway.
  return { done: true, success: 'Authenticator app set up.', recoveryCodes: result.recoveryCodes }
}

export async function regenerateRecoveryCodesAction(_previous: FactorFormState): Promise<FactorFormState> {
  const { user } = await requireUser('/account')
  const result = await regenerateRecoveryCodes(await database(), user, await requestContext())
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/account')
  return { success: 'New recovery codes made; the old ones no longer work.', recoveryCodes: result.recoveryCodes }
}

export async function removeTotpAction(_previous: FactorFormState, form: FormData): Promise<FactorFormState> {
  const { user } = await requireUser('/account')
  const result = await removeTotp(await database(), user, formText(form, 'password'), await requestContext())
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/account')
  return { success: 'Authenticator app removed.' }
}
