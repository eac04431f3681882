import { database } from '@/db/client'
import { listInitialAccessTokens, listProtectedResources, listSelfRegisteredClients } from '@/db/queries/machine-clients'
import { currentTime } from '@/lib/clock'
import { config } from '@/lib/config'
import { ownResource } from '@/lib/machine/resources'
import { Button } from '../../_ui/button'
import { Card } from '../../_ui/card'
import { requireAdmin } from '../../_server/session'
import { ActionForm } from '../action-form'
import { deleteResourceAction, revokeInitialAccessTokenAction, setClientVerifiedAction } from './actions'
import { IssueInitialAccessTokenForm, SaveResourceForm } from './forms'

export const metadata = { title: 'Machine clients · Gatehouse' }

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const policyText = {
  closed: 'closed: nobody can register a client.',
  token: 'token: registering needs an initial access token issued here.',
  open: 'open: anyone can register a client.',
}

export default async function AdminMachineClientsPage() {
  await requireAdmin()
  const db = await database()
  const [tokens, registered, resources] = await Promise.all([listInitialAccessTokens(db), listSelfRegisteredClients(db, 100), listProtectedResources(db)])
  const now = currentTime().getTime()
  return (
    <div>
      <Card title="Self-registered clients">
        <p className="mb-3 text-sm text-slate-600">Clients that registered themselves are shown to users as unverified until you verify them.</p>
        {registered.length === 0 ? <p className="text-sm">None yet.</p> : (
          <ul className="divide-y divide-slate-200 text-sm" aria-label="Self-registered clients">
            {registered.map(({ client, registration }) => (
              <li key={client.id} className="flex flex-wrap items-center gap-3 py-2" aria-label={client.name}>
                <span className="font-medium">{client.name}</span>
                <code className="break-all text-xs">{client.id}</code>
                <span className="text-xs text-slate-500">{registration.source === 'metadata_document' ? 'metadata document' : 'registration'} · {client.redirectUris.join(', ')}</span>
                <span className={registration.verifiedAt ? 'rounded bg-green-100 px-2 py-0.5 text-xs' : 'rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900'}>{registration.verifiedAt ? 'Verified' : 'Unverified'}</span>
                <ActionForm action={setClientVerifiedAction} label={`${registration.verifiedAt ? 'Unverify' : 'Verify'} ${client.name}`}>
                  <input type="hidden" name="clientId" value={client.id} />
                  <input type="hidden" name="verified" value={registration.verifiedAt ? 'false' : 'true'} />
                  <Button type="submit" variant="secondary">{registration.verifiedAt ? 'Mark unverified' : 'Verify'}<span className="sr-only"> {client.name}</span></Button>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Registration">
        <p className="mb-3 text-sm">REGISTRATION_POLICY is {policyText[config().REGISTRATION_POLICY]}</p>
        <ul className="mb-4 divide-y divide-slate-200 text-sm" aria-label="Initial access tokens">
          {tokens.map((token) => {
            const usable = !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > now)
            return (
              <li key={token.id} className="flex flex-wrap items-center gap-3 py-2" aria-label={token.label}>
                <span className="font-medium">{token.label}</span>
                <span className="text-xs text-slate-500">
                  issued {dateFormat.format(token.createdAt)} UTC
                  {token.revokedAt ? ' · revoked' : token.expiresAt ? ` · ${usable ? 'expires' : 'expired'} ${dateFormat.format(token.expiresAt)} UTC` : ' · no expiry'}
                </span>
                {usable ? (
                  <ActionForm action={revokeInitialAccessTokenAction} label={`Revoke ${token.label}`}>
                    <input type="hidden" name="id" value={token.id} />
                    <Button type="submit" variant="danger">Revoke<span className="sr-only"> {token.label}</span></Button>
                  </ActionForm>
                ) : null}
              </li>
            )
          })}
        </ul>
        <IssueInitialAccessTokenForm />
      </Card>
      <Card title="Protected resources">
        <p className="mb-3 text-sm text-slate-600">Clients may ask for tokens for these resources (the resource parameter); a token carries the resource as its audience and only its scopes.</p>
        <ul className="mb-4 divide-y divide-slate-200 text-sm" aria-label="Protected resources">
          <li className="py-2"><code>{ownResource().uri}</code> · Gatehouse API · any scope</li>
          {resources.map((resource) => (
            <li key={resource.uri} className="flex flex-wrap items-center gap-3 py-2" aria-label={resource.name}>
              <code className="break-all">{resource.uri}</code>
              <span>{resource.name}</span>
              <span className="text-xs text-slate-500">{resource.scopes.length ? resource.scopes.join(' ') : 'OpenID scopes only'}</span>
              <ActionForm action={deleteResourceAction} label={`Delete ${resource.name}`}>
                <input type="hidden" name="uri" value={resource.uri} />
                <Button type="submit" variant="danger">Delete<span className="sr-only"> {resource.name}</span></Button>
              </ActionForm>
            </li>
          ))}
        </ul>
        <SaveResourceForm />
      </Card>
    </div>
  )
}
