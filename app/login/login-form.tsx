'use client'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { Field } from '../_ui/field'
import { emptyFormState } from '../_server/form'
import { logInAction } from './actions'

export function LogInForm({ returnTo, loginHint }: { returnTo: string; loginHint?: string }) {
  const [state, action, pending] = useActionState(logInAction, emptyFormState)
  return (
    <form action={action} noValidate aria-label="Log in">
      <FormMessage error={state.errors?.form} />
      <input type="hidden" name="return_to" value={returnTo} />
      <Field label="Username or email" name="login" autoComplete="username" required maxLength={254} defaultValue={state.values?.login ?? loginHint} error={state.errors?.login} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={state.errors?.password} />
      <Button type="submit" disabled={pending}>Log in</Button>
    </form>
  )
}
