import { database } from '@/db/client'
import { AUDIT_EVENT_TYPES, readAuditLog, readAuditQuery } from '@/lib/admin/audit-log'
import { Button } from '../../_ui/button'
import { Card } from '../../_ui/card'
import { DateTime } from '../../_ui/date'
import { describeUserAgent } from '@/lib/user-agent'
import { requireAdmin } from '../../_server/session'
import { Pager } from '../nav'

const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2'

function FilterField({ id, label, name, value, placeholder }: { id: string; label: string; name: string; value: string; placeholder?: string }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <input id={id} name={name} defaultValue={value} placeholder={placeholder} className={inputClass} />
    </div>
  )
}

const SHORT_TEXT = 40

/** Short text as is; longer text cut short, the whole of it under a disclosure. */
function FullText({ text }: { text: string }) {
  if (text.length <= SHORT_TEXT) return <span className="font-mono break-all">{text}</span>
  return (
    <details>
      <summary className="cursor-pointer font-mono break-all">{text.slice(0, SHORT_TEXT)}…</summary>
      <p className="mt-1 font-mono break-all whitespace-pre-wrap">{text}</p>
    </details>
  )
}

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin()
  const query = readAuditQuery(await searchParams)
  const log = await readAuditLog(await database(), query)
  const name = (id: string | null) => (id ? log.usernames.get(id) ?? id.slice(0, 8) : '')
  return (
    <Card title="Audit log">
      <form method="get" action="/admin/audit" aria-label="Filter the audit log" className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 md:grid-cols-3">
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
        <FilterField id="audit-from" label="From (UTC)" name="from" value={query.from} placeholder="2026-11-30 07:15" />
        <FilterField id="audit-to" label="To (UTC)" name="to" value={query.to} placeholder="2026-11-30 18:00" />
        <div className="flex items-end"><Button type="submit">Filter</Button></div>
      </form>
      <p className="mb-2 text-sm text-slate-500">{log.total} {log.total === 1 ? 'event' : 'events'}</p>
      {/* Fixed columns that wrap: the table never runs out of its card; long values (user agents,
          details) are cut short with the full text one click away. */}
      <table className="w-full table-fixed text-left text-xs" aria-label="Audit events">
        <colgroup>
          <col className="w-[18%]" /><col className="w-[17%]" /><col className="w-[12%]" /><col className="w-[12%]" />
          <col className="w-[13%]" /><col className="w-[13%]" /><col className="w-[15%]" />
        </colgroup>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-2 pr-2">Time</th>
            <th scope="col" className="py-2 pr-2">Event</th>
            <th scope="col" className="py-2 pr-2">Actor</th>
            <th scope="col" className="py-2 pr-2">Subject</th>
            <th scope="col" className="py-2 pr-2">Client</th>
            <th scope="col" className="py-2 pr-2">From</th>
            <th scope="col" className="py-2">Details</th>
          </tr>
        </thead>
        <tbody>
          {log.rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100 align-top [&>td]:break-words">
              <td className="py-1.5 pr-2"><DateTime value={row.at} seconds /></td>
              <td className="py-1.5 pr-2 font-mono break-all">{row.event}</td>
              <td className="py-1.5 pr-2">{name(row.actorUserId)}</td>
              <td className="py-1.5 pr-2">{row.subjectUserId !== row.actorUserId ? name(row.subjectUserId) : ''}</td>
              <td className="py-1.5 pr-2 font-mono break-all">{row.clientId ?? ''}</td>
              <td className="py-1.5 pr-2">
                {row.ip ? <span className="block break-all">{row.ip}</span> : null}
                {row.userAgent ? <span className="block text-slate-500" title={row.userAgent}>{describeUserAgent(row.userAgent)}</span> : null}
              </td>
              <td className="py-1.5"><FullText text={row.details ? JSON.stringify(row.details) : ''} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager path="/admin/audit" params={{ event: query.event, user: query.user, client: query.client, from: query.from, to: query.to }} page={log.page} pages={log.pages} />
    </Card>
  )
}
