'use client'
import Link from 'next/link'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { Field } from '../_ui/field'
import { confirmTotpAction, regenerateRecoveryCodesAction, removeTotpAction, type FactorFormState } from './factor-actions'

const empty: FactorFormState = {}

/** Recovery codes, shown once right after they are made. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm">
      <h3 className="mb-2 font-semibold">Your recovery codes</h3>
      <p className="mb-2">Each works once, in place of a code from your app. Keep them somewhere safe: they are shown only now.</p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 font-mono">
        {codes.map((code) => <li key={code}>{code}</li>)}
      </ul>
    </div>
  )
}

export function ConfirmTotpForm({ returnTo }: { returnTo: string }) {
  const [state, action, pending] = useActionState(confirmTotpAction, empty)
  if (state.done) {
    return (
      <div>
        <FormMessage success={state.success} />
        {state.recoveryCodes ? <RecoveryCodeList codes={state.recoveryCodes} /> : null}
        <Link className="font-semibold text-indigo-700 hover:underline" href={returnTo}>{returnTo === '/account' ? 'Back to your account' : 'Continue'}</Link>
      </div>
    )
  }
  return (
    <form action={action} noValidate aria-label="Confirm authenticator app">
      <FormMessage error={state.errors?.form} />
      <Field label="Authentication code" name="code" autoComplete="one-time-code" inputMode="numeric" required maxLength={10} error={state.errors?.code} />
      <Button type="submit" disabled={pending}>Verify</Button>
    </form>
  )
}

export function RegenerateRecoveryCodesForm() {
  const [state, action, pending] = useActionState(regenerateRecoveryCodesAction, empty)
  return (
    <form action={action} aria-label="Regenerate recovery codes" className="mt-2">
      <FormMessage error={state.errors?.form} success={state.success} />
      {state.recoveryCodes ? <RecoveryCodeList codes={state.recoveryCodes} /> : null}
      <Button type="submit" variant="secondary" disabled={pending}>Regenerate recovery codes</Button>
    </form>
  )
}

export function RemoveTotpForm() {
  const [state, action, pending] = useActionState(removeTotpAction, empty)
  return (
    <form action={action} aria-label="Remove authenticator app" className="mt-2">
      <FormMessage error={state.errors?.form} success={state.success} />
      <Field label="Password to remove the authenticator app" name="password" type="password" autoComplete="current-password" required error={state.errors?.password} />
      <Button type="submit" variant="secondary" disabled={pending}>Remove authenticator app</Button>
    </form>
  )
}
