import Link from 'next/link'
import { database } from '@/db/client'
import { listScopes } from '@/lib/oauth/scopes/catalog'
import { requireUser } from '../../_server/session'
import { NewClientForm } from './new-client-form'

export const metadata = { title: 'New client · Gatehouse' }

export default async function NewClientPage() {
  await requireUser('/clients/new')
  const scopes = (await listScopes(await database())).map(({ name, description, restricted }) => ({ name, description, restricted }))
  return (
    <div>
      <p className="mb-2 text-sm"><Link className="text-indigo-700 hover:underline" href="/clients">← Your clients</Link></p>
      <NewClientForm scopes={scopes} />
    </div>
  )
}
