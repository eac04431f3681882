import type { ReactNode } from 'react'
import { requireAdmin } from '../_server/session'
import { AdminNav } from './nav'

export const metadata = { title: 'Admin · Gatehouse' }

// The layout checks too, so a non-admin never sees the admin navigation around the 404; each
// page and each action still checks on its own (layouts do not run for every request or action).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin()
  return (
    <div>
      <h1 className="mb-2 text-2xl font-bold">Administration</h1>
      <AdminNav />
      {children}
    </div>
  )
}
