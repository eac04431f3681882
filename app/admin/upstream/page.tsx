import { database } from '@/db/client'
import { callbackUrl, listProviders } from '@/lib/upstream/providers'
import { Button } from '../../_ui/button'
import { Card } from '../../_ui/card'
import { requireAdmin } from '../../_server/session'
import { ActionForm } from '../action-form'
import { deleteProviderAction } from './actions'
import { AddProviderForm, EditProviderForm } from './forms'

export const metadata = { title: 'Sign-in providers · Admin · Gatehouse' }

const typeNames = { oidc: 'OpenID Connect', github: 'GitHub' } as const

export default async function AdminUpstreamPage() {
  await requireAdmin()
  const providers = await listProviders(await database())
  return (
    <div>
      <Card title="Sign-in providers">
        {providers.length === 0 ? <p className="text-sm text-slate-500">No upstream provider yet: people sign in with a password only.</p> : null}
        <ul className="divide-y divide-slate-200" aria-label="Sign-in providers">
          {providers.map((provider) => (
            <li key={provider.id} className="py-4 text-sm" aria-label={provider.name}>
              <div className="mb-2">
                <span className="font-medium">{provider.name}</span>
                <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-xs">{typeNames[provider.type]}</span>
                {provider.enabled ? null : <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">Disabled</span>}
                {provider.source === 'environment' ? <span className="ml-2 rounded bg-indigo-100 px-2 py-0.5 text-xs text-indigo-800">Set by UPSTREAM_PROVIDERS</span> : null}
              </div>
              <p className="mb-2 text-slate-600">Redirect URI to register at the provider: <code className="break-all" data-testid={`redirect-uri-${provider.id}`}>{callbackUrl(provider.id)}</code></p>
              {provider.issuer ? <p className="mb-2 text-slate-600">Issuer: <code className="break-all">{provider.issuer}</code></p> : null}
              {provider.source === 'console' ? (
                <details>
                  <summary className="cursor-pointer text-indigo-700">Edit {provider.name}</summary>
                  <div className="mt-3">
                    <EditProviderForm provider={{ id: provider.id, type: provider.type, name: provider.name, issuer: provider.issuer, clientId: provider.clientId, scopes: provider.scopes, enabled: provider.enabled, linkByVerifiedEmail: provider.linkByVerifiedEmail }} />
                    <ActionForm action={deleteProviderAction} label={`Delete ${provider.name}`} className="mt-2">
                      <input type="hidden" name="id" value={provider.id} />
                      <Button type="submit" variant="danger">Delete<span className="sr-only"> {provider.name}</span></Button>
                      <p className="mt-1 text-xs text-slate-500">Removes every account link to it; accounts whose only way in it was must reset a password.</p>
                    </ActionForm>
                  </div>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Add a provider">
        <AddProviderForm />
      </Card>
    </div>
  )
}
