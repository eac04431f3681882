'use client'
// One admin form: posts to a server action and shows its answer next to the buttons, as text,
// with role="alert" for a refusal. Works without JavaScript too.
import { useActionState, type ReactNode } from 'react'
import type { FormState } from '../_server/form'

type Action = (previous: FormState, form: FormData) => Promise<FormState>

export function ActionForm({ action, label, children, className = '' }: { action: Action; label: string; children: ReactNode; className?: string }) {
  const [state, formAction] = useActionState(action, {})
  return (
    <form action={formAction} aria-label={label} className={className}>
      {children}
      {state.errors?.form ? <p role="alert" className="mt-1 text-sm text-red-700">{state.errors.form}</p> : null}
      {state.success ? <p role="status" className="mt-1 text-sm text-green-800">{state.success}</p> : null}
    </form>
  )
}
