'use client'
import { useActionState } from 'react'
import { emptyFormState } from '../_server/form'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { ConfirmationField } from './factor-forms'
import { removePasskeyAction } from './passkey-actions'

/** Removing a passkey asks for the password first, behind a disclosure so the list stays short. */
export function RemovePasskeyForm({ passkeyId, name, withPassword }: { passkeyId: string; name: string; withPassword: boolean }) {
  const [state, action, pending] = useActionState(removePasskeyAction, emptyFormState)
  return (
    <details className="text-sm" open={Boolean(state.errors)}>
      <summary className="cursor-pointer text-indigo-700 hover:underline">Remove<span className="sr-only"> passkey {name}</span></summary>
      <form action={action} aria-label={`Remove passkey ${name}`} className="mt-2">
        <FormMessage error={state.errors?.form} success={state.success} />
        <input type="hidden" name="passkeyId" value={passkeyId} />
        <ConfirmationField withPassword={withPassword} id={`remove-passkey-${passkeyId}-password`} purpose={`remove passkey ${name}`} error={state.errors?.password} />
        <Button type="submit" variant="secondary" disabled={pending}>Remove passkey</Button>
      </form>
    </details>
  )
}
