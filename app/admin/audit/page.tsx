import { database } from '@/db/client'
import { AUDIT_EVENT_TYPES, readAuditLog, readAuditQuery } from '@/lib/admin/audit-log'
import { Button } from '../../_ui/button'
import { Card } from '../../_ui/card'
import { requireAdmin } from '../../_server/session'
import { Pager } from '../nav'

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'UTC' })
const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2'

function FilterField({ id, label, name, value, type = 'text' }: { id: string; label: string; name: string; value: string; type?: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <input id={id} name={name} type={type} defaultValue={value} className={inputClass} />
    </div>
  )
}

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin()
  const query = readAuditQuery(await searchParams)
  const log = await readAuditLog(await database(), query)
  const name = (id: string | null) => (id ? log.usernames.get(id) ?? id.slice(0, 8) : '')
  return (
    <Card title="Audit log">
      <form method="get" action="/admin/audit" aria-label="Filter the audit log" className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3">
        <div>
          <label htmlFor="audit-event" className="block text-sm font-medium text-slate-800">Event type</label>
          <select id="audit-event" name="event" defaultValue={query.event} className={inputClass}>
            <option value="">All events</option>
            {AUDIT_EVENT_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
          </select>
        </div>
        <div>
          <FilterField id="audit-user" label="User" name="user" value={query.user} />
          {log.unknownUser ? <p role="alert" className="mt-1 text-sm text-red-700">No user with that username.</p> : null}
        </div>
        <FilterField id="audit-client" label="Client ID" name="client" value={query.client} />
        <FilterField id="audit-from" label="From (UTC)" name="from" type="datetime-local" value={query.from} />
        <FilterField id="audit-to" label="To (UTC)" name="to" type="datetime-local" value={query.to} />
        <div className="flex items-end"><Button type="submit">Filter</Button></div>
      </form>
      <p className="mb-2 text-sm text-slate-500">{log.total} {log.total === 1 ? 'event' : 'events'}</p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs" aria-label="Audit events">
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2 pr-2">Time (UTC)</th>
              <th scope="col" className="py-2 pr-2">Event</th>
              <th scope="col" className="py-2 pr-2">Actor</th>
              <th scope="col" className="py-2 pr-2">Subject</th>
              <th scope="col" className="py-2 pr-2">Client</th>
              <th scope="col" className="py-2 pr-2">IP</th>
              <th scope="col" className="py-2 pr-2">User agent</th>
              <th scope="col" className="py-2">Details</th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-100 align-top">
                <td className="py-1 pr-2 whitespace-nowrap">{timeFormat.format(row.at)}</td>
                <td className="py-1 pr-2 font-mono">{row.event}</td>
                <td className="py-1 pr-2">{name(row.actorUserId)}</td>
                <td className="py-1 pr-2">{row.subjectUserId !== row.actorUserId ? name(row.subjectUserId) : ''}</td>
                <td className="py-1 pr-2 font-mono">{row.clientId ?? ''}</td>
                <td className="py-1 pr-2">{row.ip ?? ''}</td>
                <td className="max-w-40 truncate py-1 pr-2" title={row.userAgent ?? ''}>{row.userAgent ?? ''}</td>
                <td className="py-1 font-mono">{row.details ? JSON.stringify(row.details) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path="/admin/audit" params={{ event: query.event, user: query.user, client: query.client, from: query.from, to: query.to }} page={log.page} pages={log.pages} />
    </Card>
  )
}
