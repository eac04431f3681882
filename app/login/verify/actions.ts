'use server'
import { database } from '@/db/client'
import { completeSecondStep } from '@/lib/factors/second-step'
import { requestContext } from '../../_server/context'
import { formText, type FormState } from '../../_server/form'
import { pendingToken, signedIn } from '../../_server/sign-in'

export async function verifySecondFactorAction(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await completeSecondStep(await database(), await pendingToken(), formText(form, 'code'), await requestContext())
  if (!result.ok) return { errors: result.errors }
  return signedIn(result.user, result.amr, result.returnTo)
}
