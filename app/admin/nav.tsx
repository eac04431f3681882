import Link from 'next/link'

const sections = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/clients', label: 'Clients' },
  { href: '/admin/scopes', label: 'Scopes' },
  { href: '/admin/upstream', label: 'Sign-in providers' },
  { href: '/admin/machine-clients', label: 'Machine clients' },
  { href: '/admin/audit', label: 'Audit log' },
]

export function AdminNav() {
  return (
    <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-x-4 gap-y-2 border-b border-slate-200 pb-3 text-sm">
      {sections.map((section) => <Link key={section.href} href={section.href} className="text-indigo-700 hover:underline">{section.label}</Link>)}
    </nav>
  )
}

/** Previous / next links that keep the other query parameters. */
export function Pager({ path, params, page, pages }: { path: string; params: Record<string, string>; page: number; pages: number }) {
  const link = (target: number) => `${path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, value]) => value)), page: String(target) })}`
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center gap-4 text-sm">
      {page > 1 ? <Link href={link(page - 1)} className="text-indigo-700 hover:underline">Previous page</Link> : null}
      <span className="text-slate-500">Page {page} of {pages}</span>
      {page < pages ? <Link href={link(page + 1)} className="text-indigo-700 hover:underline">Next page</Link> : null}
    </nav>
  )
}
