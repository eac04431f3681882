'use client'
import { useState, type ReactNode } from 'react'
import { Button } from '../../_ui/button'
import { Card } from '../../_ui/card'
import type { ConnectDetails } from '@/lib/clients/snippets'

/** "Connect your app": issuer, discovery, endpoints and copyable snippets (never the secret). */
export function ConnectPanel({ details, inCard = false }: { details: ConnectDetails; inCard?: boolean }) {
  const Frame = inCard ? Section : Card
  return (
    <Frame title="Connect your app">
      <dl className="mb-4 space-y-2 text-sm">
        <CopyableValue label="Issuer" value={details.issuer} testId="connect-issuer" />
        <CopyableValue label="Discovery URL" value={details.discoveryUrl} testId="connect-discovery-url" />
      </dl>
      <details className="mb-4 text-sm">
        <summary className="cursor-pointer font-medium text-slate-800">Endpoints</summary>
        <dl className="mt-2 space-y-1">
          {details.endpoints.map((endpoint) => (
            <div key={endpoint.name} className="flex flex-wrap gap-x-2"><dt className="text-slate-600">{endpoint.name}</dt><dd><code className="break-all">{endpoint.url}</code></dd></div>
          ))}
        </dl>
      </details>
      <p className="mb-2 text-sm text-slate-600">Snippets for your library, filled in with this client. The secret is read from the environment: paste it there, never into code.</p>
      {details.snippets.map((snippet) => (
        <details key={snippet.id} className="mb-2 rounded-md border border-slate-200 text-sm" data-testid={`snippet-${snippet.id}`}>
          <summary className="cursor-pointer px-3 py-2 font-medium text-slate-800">{snippet.title}</summary>
          <div className="border-t border-slate-200 p-3">
            <CopyButton text={snippet.text} label={`Copy ${snippet.title} snippet`} />
            <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100"><code data-testid={`snippet-text-${snippet.id}`}>{snippet.text}</code></pre>
          </div>
        </details>
      ))}
    </Frame>
  )
}

/** The panel inside a card that is already there (the page right after creation). */
function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="mt-6 border-t border-slate-200 pt-4">
      <h2 className="mb-4 text-lg font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  )
}

function CopyableValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="font-medium text-slate-800">{label}</dt>
      <dd className="flex flex-wrap items-center gap-2"><code data-testid={testId} className="break-all rounded bg-slate-100 px-2 py-1">{value}</code><CopyButton text={value} label={`Copy ${label}`} /></dd>
    </div>
  )
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle')
  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      setStatus('copied')
    } catch {
      // The clipboard API needs a secure context (https or localhost): select the text by hand then.
      setStatus('failed')
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" className="px-2 py-1 text-xs" aria-label={label} onClick={copy}>Copy</Button>
      <span role="status" className="text-xs text-slate-600">{status === 'copied' ? 'Copied' : status === 'failed' ? 'Select the text and copy it' : ''}</span>
    </span>
  )
}
