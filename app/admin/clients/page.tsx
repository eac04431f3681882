import { database } from '@/db/client'
import { listClientsForAdmin, type ClientSetting } from '@/lib/admin/clients'
import type { Client } from '@/db/schema'
import { Button } from '../../_ui/button'
import { Card } from '../../_ui/card'
import { requireAdmin } from '../../_server/session'
import { ActionForm } from '../action-form'
import { Pager } from '../nav'
import { setClientSettingAction } from './actions'

function SettingButton({ client, setting, value, label }: { client: Client; setting: ClientSetting; value: boolean; label: string }) {
  return (
    <ActionForm action={setClientSettingAction} label={`${label} for ${client.name}`}>
      <input type="hidden" name="clientId" value={client.id} />
      <input type="hidden" name="setting" value={setting} />
      <input type="hidden" name="value" value={String(value)} />
      <Button type="submit" variant={setting === 'enabled' && !value ? 'danger' : 'secondary'}>{label}<span className="sr-only"> for {client.name}</span></Button>
    </ActionForm>
  )
}

export default async function AdminClientsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  await requireAdmin()
  const { page = '1' } = await searchParams
  const result = await listClientsForAdmin(await database(), Number(page))
  return (
    <Card title="All clients">
      <p className="mb-2 text-sm text-slate-500">{result.total} {result.total === 1 ? 'client' : 'clients'}. The password grant stays off unless an old system truly needs it (RFC 9700 §2.4). First-party clients skip the consent page.</p>
      <ul className="divide-y divide-slate-200" aria-label="Clients">
        {result.rows.map(({ client, ownerUsername }) => (
          <li key={client.id} className="py-4 text-sm" aria-label={client.name}>
            <div className="mb-2">
              <span className="font-medium">{client.name}</span> · <code>{client.id}</code> · {client.type} · owner {ownerUsername ?? '(none)'}
              {client.passwordGrantEnabled ? <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">Password grant</span> : null}
              {client.firstParty ? <span className="ml-2 rounded bg-indigo-100 px-2 py-0.5 text-xs text-indigo-800">First-party</span> : null}
              {client.disabledAt ? <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs text-red-800">Disabled</span> : null}
            </div>
            <div className="flex flex-wrap gap-3">
              <SettingButton client={client} setting="password_grant" value={!client.passwordGrantEnabled} label={client.passwordGrantEnabled ? 'Disable password grant' : 'Enable password grant'} />
              <SettingButton client={client} setting="first_party" value={!client.firstParty} label={client.firstParty ? 'Unmark first-party' : 'Mark first-party'} />
              <SettingButton client={client} setting="enabled" value={Boolean(client.disabledAt)} label={client.disabledAt ? 'Enable client' : 'Disable client'} />
            </div>
          </li>
        ))}
      </ul>
      <Pager path="/admin/clients" params={{}} page={result.page} pages={result.pages} />
    </Card>
  )
}
