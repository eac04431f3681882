'use server'
import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { isPageStep, stepLocation, stepPage } from '@/lib/oauth/authorization-step'
import { decideConsent } from '@/lib/oauth/interaction'
import { requestContext } from '../_server/context'
import { formText } from '../_server/form'
import { requireUser } from '../_server/session'

export interface ConsentState { error?: string }

/** Allow or Deny, from the stored request only: the form carries nothing but its id. */
export async function decideConsentAction(_previous: ConsentState, form: FormData): Promise<ConsentState> {
  const requestId = formText(form, 'request')
  // The page's guard: logged out → login and back; a password to replace → /account first.
  const { user, session: found } = await requireUser(`/consent?request=${encodeURIComponent(requestId)}`)
  const session = { user, authTime: found.authTime, amr: found.amr }
  const decision = formText(form, 'decision') === 'allow' ? 'allow' : 'deny'
  const step = await decideConsent(await database(), requestId, session, decision, await requestContext())
  if (!isPageStep(step)) redirect(stepLocation(step))
  return { error: stepPage(step).message }
}
