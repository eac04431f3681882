'use client'
import { useActionState, type ReactNode } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { Field } from '../_ui/field'
import { emptyFormState } from '../_server/form'
import { changeEmailAction, changePasswordAction, changeUsernameAction, deleteAccountAction } from './actions'

/** A one-field form: the field and its own Save side by side, so each Save plainly belongs to its field. */
function InlineRow({ children: [field, button] }: { children: [ReactNode, ReactNode] }) {
  return (
    <div className="flex flex-col gap-x-3 sm:flex-row sm:items-start">
      <div className="min-w-0 flex-1">{field}</div>
      <div className="mb-4 shrink-0">{button}</div>
    </div>
  )
}

export function UsernameForm({ username }: { username: string }) {
  const [state, action, pending] = useActionState(changeUsernameAction, emptyFormState)
  return (
    <form action={action} aria-label="Change username" className="mb-2">
      <FormMessage success={state.success} />
      <InlineRow>
        <Field label="Username" name="username" autoComplete="username" defaultValue={username} maxLength={32} required error={state.errors?.username} />
        <Button type="submit" disabled={pending} className="sm:mt-6">Save<span className="sr-only"> username</span></Button>
      </InlineRow>
    </form>
  )
}

export function EmailForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState(changeEmailAction, emptyFormState)
  return (
    <form action={action} aria-label="Change email">
      <FormMessage success={state.success} />
      <InlineRow>
        <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={email} maxLength={254} required error={state.errors?.email} />
        <Button type="submit" disabled={pending} className="sm:mt-6">Save<span className="sr-only"> email</span></Button>
      </InlineRow>
    </form>
  )
}

export function PasswordForm({ returnTo = '', oneTime = false }: { returnTo?: string; oneTime?: boolean }) {
  const [state, action, pending] = useActionState(changePasswordAction, emptyFormState)
  return (
    <form action={action} aria-label="Change password">
      <FormMessage success={state.success} />
      {returnTo ? <input type="hidden" name="return_to" value={returnTo} /> : null}
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required hint={oneTime ? 'The one-time password you signed in with.' : undefined} error={state.errors?.currentPassword} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 8 characters, at most 72 bytes." error={state.errors?.newPassword} />
      <Button type="submit" disabled={pending}>Save</Button>
    </form>
  )
}

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState(deleteAccountAction, emptyFormState)
  return (
    <form action={action} aria-label="Delete account">
      <p className="mb-4 text-sm text-slate-600">This deletes your account, your sessions, your OAuth clients and every authorization you gave. It cannot be undone.</p>
      <Field label="Password" name="password" type="password" id="delete-password" autoComplete="current-password" required error={state.errors?.password} />
      <Button type="submit" variant="danger" disabled={pending}>Delete account</Button>
    </form>
  )
}
