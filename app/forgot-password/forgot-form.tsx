'use client'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { Field } from '../_ui/field'
import { emptyFormState } from '../_server/form'
import { requestResetAction } from './actions'

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState(requestResetAction, emptyFormState)
  return (
    <form action={action} aria-label="Reset password">
      <FormMessage error={state.errors?.form} success={state.success} />
      <Field label="Email" name="email" type="email" autoComplete="email" maxLength={254} required defaultValue={state.values?.email} error={state.errors?.email} />
      <Button type="submit" disabled={pending}>Send reset link</Button>
    </form>
  )
}
