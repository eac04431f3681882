'use client'
import Link from 'next/link'
import { useActionState, useState } from 'react'
import { Button } from '../../_ui/button'
import { Card, FormMessage } from '../../_ui/card'
import { CopyableValue } from '../../_ui/copy-button'
import { createClientAction } from '../actions'
import { ConnectPanel } from '../[id]/connect-panel'
import { ClientFields, type ScopeOption } from '../client-fields'
import { emptyClientFormState, type ClientFormValues } from '../state'

const blank: ClientFormValues = {
  name: '', type: 'confidential', redirectUris: '', postLogoutRedirectUris: '',
  grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid'],
  tokenEndpointAuthMethod: 'client_secret_basic', requirePkce: true, homepageUrl: '', logoUrl: '', policyUrl: '',
}

export function NewClientForm({ scopes }: { scopes: ScopeOption[] }) {
  const [state, action, pending] = useActionState(createClientAction, emptyClientFormState)
  const values = state.values ?? blank
  const [type, setType] = useState(values.type || 'confidential')

  if (state.created) {
    const { clientId, clientSecret, name, connect } = state.created
    return (
      <>
      <h1 className="mb-6 break-words text-2xl font-bold">{name}</h1>
      <Card>
      <section aria-label="Client created">
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">Client “{name}” created.</p>
        <dl className="mb-4 space-y-3 text-sm">
          <div>
            <dt className="font-medium text-slate-800">Client ID</dt>
            <dd><CopyableValue value={clientId} label="client ID" testId="client-id" /></dd>
          </div>
          {clientSecret ? (
            <div>
              <dt className="font-medium text-slate-800">Client secret</dt>
              <dd><CopyableValue value={clientSecret} label="client secret" testId="client-secret" /></dd>
              <dd className="mt-2 rounded-md bg-amber-50 p-3 text-amber-900">Copy the secret now: it is stored only as a hash and will not be shown again. If you lose it, rotate it.</dd>
            </div>
          ) : (
            <div><dt className="font-medium text-slate-800">Client secret</dt><dd className="text-slate-600">None: public clients authenticate with PKCE only.</dd></div>
          )}
        </dl>
        <p className="flex gap-4 text-sm">
          <Link className="text-indigo-700 hover:underline" href={`/clients/${encodeURIComponent(clientId)}`}>Open client settings</Link>
          <Link className="text-indigo-700 hover:underline" href="/clients">All clients</Link>
        </p>
        <ConnectPanel details={connect} inCard />
      </section>
      </Card>
      </>
    )
  }

  return (
    <>
    <h1 className="mb-6 text-2xl font-bold">Register a client</h1>
    <Card>
    {/* noValidate: the server's per-field messages are the ones shown, all at once, also without JavaScript. */}
    <form action={action} noValidate aria-label="Create client">
      <FormMessage error={state.errors?.form} />
      <ClientFields values={values} errors={state.errors} scopes={scopes} type={type} onTypeChange={setType} typeFixed={false} />
      <Button type="submit" disabled={pending}>Create client</Button>
    </form>
    </Card>
    </>
  )
}
