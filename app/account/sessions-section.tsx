import type { Session } from '@/db/schema'
import { describeUserAgent } from '@/lib/user-agent'
import { Button } from '../_ui/button'
import { Card } from '../_ui/card'
import { DateTime } from '../_ui/date'
import { signOutEverywhereAction, signOutSessionAction } from './actions'

/** Where the user is signed in: "Firefox on Windows, last active …", this device marked. */
export function SessionsSection({ sessions, currentId }: { sessions: Session[]; currentId: string }) {
  return (
    <Card title="Active sessions">
      <ul className="mb-4 divide-y divide-slate-200" aria-label="Active sessions">
        {sessions.map((row) => (
          <li key={row.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
            <div className="min-w-0">
              <div className="font-medium break-words" title={row.userAgent ?? undefined}>
                {describeUserAgent(row.userAgent)}
                {row.id === currentId ? <span className="ml-2 rounded bg-indigo-100 px-2 py-0.5 text-xs whitespace-nowrap text-indigo-800">This device</span> : null}
              </div>
              <div className="text-slate-500">
                Last active <DateTime value={row.lastSeenAt} /> · signed in <DateTime value={row.createdAt} />{row.ip ? <> · <span className="break-all">{row.ip}</span></> : null}
              </div>
            </div>
            <form action={signOutSessionAction}>
              <input type="hidden" name="sessionId" value={row.id} />
              <Button type="submit" variant="secondary" aria-label={`Sign out session ${row.id === currentId ? '(this session)' : row.id.slice(0, 8)}`}>Sign out</Button>
            </form>
          </li>
        ))}
      </ul>
      <form action={signOutEverywhereAction}>
        <Button type="submit" variant="secondary">Sign out everywhere</Button>
      </form>
    </Card>
  )
}
