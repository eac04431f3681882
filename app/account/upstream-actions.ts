'use server'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { unlinkUpstreamAccount } from '@/lib/upstream/accounts'
import { upstreamErrorUrl } from '@/lib/upstream/error-page'
import { beginUpstreamSignIn } from '@/lib/upstream/sign-in'
import { requestContext } from '../_server/context'
import { formText, type FormState } from '../_server/form'
import { requireUser } from '../_server/session'
import { setUpstreamFlowCookie } from '../_server/upstream-flow'

/** Links a provider to the signed-in account: a round trip there, answered at the callback. */
export async function linkUpstreamAction(form: FormData): Promise<void> {
  const { user } = await requireUser('/account')
  const begun = await beginUpstreamSignIn(await database(), formText(form, 'provider').slice(0, 64), '/account', user)
  if (!begun.ok) redirect(upstreamErrorUrl(begun.reason, '/account'))
  await setUpstreamFlowCookie(begun.sealedFlow)
  redirect(begun.redirectTo)
}

export async function unlinkUpstreamAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { user } = await requireUser('/account')
  const result = await unlinkUpstreamAccount(await database(), user.id, formText(form, 'provider').slice(0, 64), await requestContext())
  if (!result.ok) return { errors: result.errors }
  revalidatePath('/account')
  return { success: 'Unlinked.' }
}
