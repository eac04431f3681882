import Link from 'next/link'
import { notFound } from 'next/navigation'
import { database } from '@/db/client'
import { getClientForOwner } from '@/lib/clients/registry'
import { listScopes } from '@/lib/oauth/scopes/catalog'
import { Card } from '../../_ui/card'
import { CopyableValue } from '../../_ui/copy-button'
import { requireUser } from '../../_server/session'
import type { ClientFormValues } from '../state'
import { DeleteClientForm, EditClientForm, RotateSecretForm } from './forms'
import { ConnectPanel } from './connect-panel'
import { connectDetails } from '@/lib/clients/snippets'
import { config } from '@/lib/config'

export const metadata = { title: 'Client · Gatehouse' }

/** Only the owner sees a client; for anyone else it does not exist (404, not 403: no id probing). */
export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const { user } = await requireUser(`/clients/${encodeURIComponent(id)}`)
  const db = await database()
  const client = await getClientForOwner(db, user.id, id)
  if (!client) notFound()
  const scopes = (await listScopes(db)).map(({ name, description, restricted }) => ({ name, description, restricted }))
  // Only plain settings cross to the browser: never the secret hash.
  const values: ClientFormValues = {
    name: client.name,
    type: client.type,
    redirectUris: client.redirectUris.join('\n'),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
    grantTypes: client.grantTypes,
    scopes: client.scopes,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    requirePkce: client.requirePkce,
    homepageUrl: client.homepageUrl ?? '',
    logoUrl: client.logoUrl ?? '',
    policyUrl: client.policyUrl ?? '',
  }
  return (
    <div>
      <p className="mb-2 text-sm"><Link className="text-indigo-700 hover:underline" href="/clients">← Your clients</Link></p>
      <h1 className="mb-6 break-words text-2xl font-bold">{client.name}</h1>
      <Card title="Credentials">
        <dl className="mb-4 space-y-2 text-sm">
          <div><dt className="font-medium text-slate-800">Client ID</dt><dd><CopyableValue value={client.id} label="client ID" testId="client-id" /></dd></div>
          <div>
            <dt className="font-medium text-slate-800">Client secret</dt>
            <dd className="mt-1">{client.type === 'public' ? <span className="text-slate-600">None: public clients authenticate with PKCE only.</span> : <RotateSecretForm clientId={client.id} />}</dd>
          </div>
        </dl>
        {client.disabledAt ? <p className="rounded-md bg-red-50 p-3 text-sm text-red-800">An administrator disabled this client: it cannot authenticate.</p> : null}
      </Card>
      <ConnectPanel details={connectDetails(client, config().ISSUER)} />
      <Card title="Settings">
        <EditClientForm clientId={client.id} values={values} scopes={scopes} />
      </Card>
      <Card title="Delete client">
        <DeleteClientForm clientId={client.id} />
      </Card>
    </div>
  )
}
