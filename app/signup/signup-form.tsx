'use client'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { Field } from '../_ui/field'
import { emptyFormState } from '../_server/form'
import { signUpAction } from './actions'

export function SignUpForm({ returnTo }: { returnTo: string }) {
  const [state, action, pending] = useActionState(signUpAction, emptyFormState)
  return (
    <form action={action} noValidate aria-label="Sign up">
      <FormMessage error={state.errors?.form} />
      <input type="hidden" name="return_to" value={returnTo} />
      <Field label="Username" name="username" autoComplete="username" required maxLength={32} defaultValue={state.values?.username} error={state.errors?.username} />
      <Field label="Email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={state.values?.email} error={state.errors?.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters, at most 72 bytes." error={state.errors?.password} />
      <Button type="submit" disabled={pending}>Sign up</Button>
    </form>
  )
}
