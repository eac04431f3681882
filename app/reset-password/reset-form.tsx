'use client'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { Field } from '../_ui/field'
import { emptyFormState } from '../_server/form'
import { resetPasswordAction } from './actions'

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, emptyFormState)
  return (
    <form action={action} aria-label="Set a new password">
      <FormMessage error={state.errors?.form} />
      <input type="hidden" name="token" value={token} />
      <p className="mb-4 text-sm text-slate-600">Setting a new password signs your account out everywhere and revokes the refresh tokens of every app you use.</p>
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 8 characters, at most 72 bytes." error={state.errors?.newPassword} />
      <Button type="submit" disabled={pending}>Set password</Button>
    </form>
  )
}
