'use client'
import { useActionState } from 'react'
import { Button } from '../../_ui/button'
import { FormMessage } from '../../_ui/card'
import { Field } from '../../_ui/field'
import { emptyFormState } from '../../_server/form'
import { verifySecondFactorAction } from './actions'

export function VerifyForm() {
  const [state, action, pending] = useActionState(verifySecondFactorAction, emptyFormState)
  return (
    <form action={action} noValidate aria-label="Second step">
      <FormMessage error={state.errors?.form} />
      <Field label="Authentication code" name="code" autoComplete="one-time-code" inputMode="text" required maxLength={32} autoFocus
        hint="The 6-digit code from your authenticator app, or one of your recovery codes." error={state.errors?.code} />
      <Button type="submit" disabled={pending}>Verify</Button>
    </form>
  )
}
