import Link from 'next/link'
import { database } from '@/db/client'
import { listClientsForOwner } from '@/lib/clients/registry'
import { DateTime } from '../_ui/date'
import { Card } from '../_ui/card'
import { requireUser } from '../_server/session'

export const metadata = { title: 'Your clients · Gatehouse' }

/** The signed-in developer's own clients, and only those. */
export default async function ClientsPage() {
  const { user } = await requireUser('/clients')
  const clients = await listClientsForOwner(await database(), user.id)
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Your OAuth clients</h1>
        <Link href="/clients/new" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700">New client</Link>
      </div>
      <Card>
        {clients.length === 0 ? (
          <p className="text-sm text-slate-600">You have no clients yet. <Link className="text-indigo-700 hover:underline" href="/clients/new">Register one</Link> to let an application sign users in with Gatehouse.</p>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Your clients">
            {clients.map((client) => (
              <li key={client.id} className="py-3 text-sm">
                <div className="min-w-0">
                  <Link href={`/clients/${encodeURIComponent(client.id)}`} className="font-medium break-words text-indigo-700 hover:underline">{client.name}</Link>
                  <div className="text-slate-500">
                    <code className="break-all">{client.id}</code> · {client.type === 'public' ? 'Public' : 'Confidential'} · created <DateTime value={client.createdAt} dateOnly />
                    {client.disabledAt ? <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs text-red-800">Disabled by an administrator</span> : null}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  )
}
