'use server'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { safeReturnTo } from '@/lib/auth/accounts'
import { upstreamErrorUrl } from '@/lib/upstream/error-page'
import { beginUpstreamSignIn } from '@/lib/upstream/sign-in'
import { formText } from '../_server/form'
import { setUpstreamFlowCookie } from '../_server/upstream-flow'

/** "Continue with …": off to the provider, with the flow sealed in a cookie for the way back.
 * A server action, so a cross-site form cannot start it (Next checks the Origin). */
export async function continueWithUpstreamAction(form: FormData): Promise<void> {
  const returnTo = safeReturnTo(formText(form, 'return_to'))
  const begun = await beginUpstreamSignIn(await database(), formText(form, 'provider').slice(0, 64), returnTo)
  if (!begun.ok) redirect(upstreamErrorUrl(begun.reason, returnTo))
  await setUpstreamFlowCookie(begun.sealedFlow)
  redirect(begun.redirectTo)
}
