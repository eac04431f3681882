'use client'
// Copies a value shown next to it (client id, new secret). Without JavaScript or clipboard
// access the value stays selectable text, so nothing depends on this button.
import { useState } from 'react'

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false)
  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setCopied(true)
      setTimeout(() => setCopied(false), 2000)
    } catch {
      setCopied(false)
    }
  }
  return (
    <button type="button" onClick={copy} aria-label={`Copy ${label}`}
      className="ml-2 inline-flex shrink-0 items-center rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-semibold text-slate-800 hover:bg-slate-50">
      <span aria-live="polite">{copied ? 'Copied' : 'Copy'}</span>
    </button>
  )
}

/** A value in monospace that wraps anywhere, with its copy button. */
export function CopyableValue({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <span className="flex items-start">
      <code data-testid={testId} className="min-w-0 break-all rounded bg-slate-100 px-2 py-1">{value}</code>
      <CopyButton value={value} label={label} />
    </span>
  )
}
