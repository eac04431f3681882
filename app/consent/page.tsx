import { database } from '@/db/client'
import { messages } from '@/lib/messages'
import { describeConsent } from '@/lib/oauth/interaction'
import { Card } from '../_ui/card'
import { requireUser } from '../_server/session'
import { ConsentForm } from './consent-form'
import { UnverifiedClientNotice } from './unverified-client-notice'

// Referrer-Policy is same-origin here, not no-referrer: the Allow / Deny form must post with a real
// Origin for Next's server-action CSRF check to accept it without JS (see next.config.mjs).
export const metadata = { title: 'Authorize application · Gatehouse' }

export default async function ConsentPage({ searchParams }: { searchParams: Promise<{ request?: string }> }) {
  const requestId = String((await searchParams).request ?? '').slice(0, 64)
  const { user } = await requireUser(`/consent?request=${encodeURIComponent(requestId)}`)
  const prompt = await describeConsent(await database(), requestId, user)
  if (!prompt) {
    return (
      <Card title={messages.authorizationExpiredTitle}>
        <p role="alert">{messages.authorizationExpired}</p>
      </Card>
    )
  }
  return (
    <div className="mx-auto max-w-lg">
      <Card title={`${prompt.clientName} wants to access your account`}>
        <UnverifiedClientNotice clientId={prompt.clientId} clientName={prompt.clientName} redirectHost={prompt.redirectHost} />
        <dl className="mb-4 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm [&>dd]:break-words">
          <dt className="text-slate-500">Application</dt><dd className="font-medium" data-testid="consent-client">{prompt.clientName}</dd>
          <dt className="text-slate-500">Developer</dt><dd>{prompt.developer}</dd>
          <dt className="text-slate-500">Will return you to</dt><dd className="font-mono" data-testid="consent-redirect-host">{prompt.redirectHost}</dd>
        </dl>
        <h3 className="mb-2 text-sm font-semibold">It will be able to:</h3>
        <ul className="mb-6 list-disc space-y-1 pl-6 text-sm" aria-label="Requested permissions">
          {prompt.scopes.map((scope) => (
            <li key={scope.name}>{scope.description} <span className="font-mono text-xs text-slate-500">({scope.name})</span></li>
          ))}
        </ul>
        {prompt.policyUrl ? <p className="mb-4 text-sm"><a className="text-indigo-700 hover:underline" href={prompt.policyUrl} rel="noopener noreferrer">Privacy policy</a></p> : null}
        <ConsentForm requestId={prompt.requestId} />
      </Card>
    </div>
  )
}
