import type { InputHTMLAttributes } from 'react'

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null
  return <p id={id} role="alert" className="mt-1 text-sm text-red-700">{message}</p>
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: string }

/** A labelled input with its error next to it (a visible label; errors announced with role="alert"). */
export function Field({ label, name, error, hint, id, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`
  const errorId = `${inputId}-error`
  return (
    <div className="mb-4">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">{label}</label>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500"
        {...input}
      />
      <FieldError id={errorId} message={error} />
    </div>
  )
}

