'use client'
import Link from 'next/link'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { emptyFormState } from '../_server/form'
import { confirmEmailAction } from './actions'

export function ConfirmEmailForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState(confirmEmailAction, emptyFormState)
  if (state.success) {
    return (
      <div>
        <FormMessage success={state.success} />
        <Link className="text-indigo-700 hover:underline" href="/account">Go to your account</Link>
      </div>
    )
  }
  return (
    <form action={action} aria-label="Confirm email">
      <FormMessage error={state.errors?.form} />
      <input type="hidden" name="token" value={token} />
      <p className="mb-4 text-sm text-slate-600">Confirm <strong>{email}</strong> as the email address of your account.</p>
      <Button type="submit" disabled={pending}>Confirm email</Button>
    </form>
  )
}
