import Link from 'next/link'
import type { AuditRow } from '@/db/queries/audit'
import { Card } from '../_ui/card'
import { DateTime } from '../_ui/date'
import { activitySentence } from './activity-sentence'

export const ACTIVITY_PER_PAGE = 10

/** The user's security events as sentences, newest first, a page at a time (?activity=N). */
export function ActivitySection({ rows, page, hasMore, userId, clientNames }: {
  rows: AuditRow[]; page: number; hasMore: boolean; userId: string; clientNames: Map<string, string>
}) {
  return (
    <Card title="Security activity">
      {rows.length === 0 ? <p className="text-sm text-slate-500">Nothing recorded yet.</p> : null}
      <ul id="activity" className="divide-y divide-slate-200 text-sm" aria-label="Security activity">
        {rows.map((row) => (
          <li key={row.id} className="py-2">
            <p className="break-words text-slate-800" title={row.event}>{activitySentence(row, userId, clientNames)}</p>
            <p className="text-xs text-slate-500"><DateTime value={row.at} />{row.ip ? <> · <span className="break-all">{row.ip}</span></> : null}</p>
          </li>
        ))}
      </ul>
      {page > 1 || hasMore ? (
        <nav aria-label="Activity pages" className="mt-4 flex flex-wrap items-center gap-4 text-sm">
          {page > 1 ? <Link href={`/account?activity=${page - 1}#activity`} className="text-indigo-700 hover:underline">Newer</Link> : null}
          <span className="text-slate-500">Page {page}</span>
          {hasMore ? <Link href={`/account?activity=${page + 1}#activity`} className="text-indigo-700 hover:underline">Older</Link> : null}
        </nav>
      ) : null}
    </Card>
  )
}
