import { database } from '@/db/client'
import { listUserAuditEvents } from '@/db/queries/audit'
import { listUserSessions } from '@/db/queries/sessions'
import { safeReturnTo } from '@/lib/auth/accounts'
import { listConnectedApps } from '@/lib/oauth/connected-apps'
import { Button } from '../_ui/button'
import { Card } from '../_ui/card'
import { requireUser } from '../_server/session'
import { revokeConnectedAppAction, signOutEverywhereAction, signOutSessionAction } from './actions'
import { DeleteAccountForm, EmailForm, PasswordForm, UsernameForm } from './forms'
import { SecondFactorsSection } from './second-factors-section'

export const metadata = { title: 'Account · Gatehouse' }

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ return_to?: string | string[] }> }) {
  const { user, session } = await requireUser('/account')
  const db = await database()
  const [sessions, activity, connectedApps] = await Promise.all([listUserSessions(db, user.id, new Date()), listUserAuditEvents(db, user.id, 20), listConnectedApps(db, user.id)])
  // The banner follows the account, not the URL: it goes away once the password is changed.
  const mustChange = user.mustChangePassword
  const returnTo = mustChange ? safeReturnTo((await searchParams).return_to, '') : ''
  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold">Your account</h1>
      {mustChange ? <p role="status" className="mb-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900">You signed in with a one-time password (generated at setup or set by an administrator). Choose your own password below to continue.</p> : null}
      <Card title="Profile">
        <UsernameForm username={user.username} />
        <EmailForm email={user.email} />
      </Card>
      <Card title="Password">
        <PasswordForm returnTo={returnTo} oneTime={mustChange} />
      </Card>
      <SecondFactorsSection user={user} searchParams={searchParams} />
      <Card title="Active sessions">
        <ul className="mb-4 divide-y divide-slate-200" aria-label="Active sessions">
          {sessions.map((row) => (
            <li key={row.id} className="flex items-center justify-between py-3 text-sm">
              <div>
                <div className="font-medium">{row.userAgent ?? 'Unknown device'}{row.id === session.id ? <span className="ml-2 rounded bg-indigo-100 px-2 py-0.5 text-xs text-indigo-800">This session</span> : null}</div>
                <div className="text-slate-500">Signed in {dateFormat.format(row.createdAt)} UTC · last seen {dateFormat.format(row.lastSeenAt)} UTC{row.ip ? ` · ${row.ip}` : ''}</div>
              </div>
              <form action={signOutSessionAction}>
                <input type="hidden" name="sessionId" value={row.id} />
                <Button type="submit" variant="secondary" aria-label={`Sign out session ${row.id === session.id ? '(this session)' : row.id.slice(0, 8)}`}>Sign out</Button>
              </form>
            </li>
          ))}
        </ul>
        <form action={signOutEverywhereAction}>
          <Button type="submit" variant="secondary">Sign out everywhere</Button>
        </form>
      </Card>
      <Card title="Connected apps">
        {connectedApps.length === 0 ? <p className="text-sm text-slate-500">You have not authorized any application.</p> : null}
        <ul className="divide-y divide-slate-200" aria-label="Connected apps">
          {connectedApps.map((app) => (
            <li key={app.clientId} className="flex items-center justify-between gap-4 py-3 text-sm">
              <div>
                <div className="font-medium">{app.clientName}</div>
                <div className="text-slate-500">Scopes: <span className="font-mono">{app.scopes.join(' ')}</span></div>
                <div className="text-slate-500">Authorized {dateFormat.format(app.authorizedAt)} UTC{app.lastAuthorizedAt > app.authorizedAt ? ` · last ${dateFormat.format(app.lastAuthorizedAt)} UTC` : ''}</div>
              </div>
              <form action={revokeConnectedAppAction}>
                <input type="hidden" name="clientId" value={app.clientId} />
                <Button type="submit" variant="secondary">Revoke</Button>
              </form>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Security activity">
        <ul className="divide-y divide-slate-200 text-sm" aria-label="Security activity">
          {activity.map((row) => (
            <li key={row.id} className="py-2"><span className="font-mono">{row.event}</span> · {dateFormat.format(row.at)} UTC{row.ip ? ` · ${row.ip}` : ''}</li>
          ))}
        </ul>
      </Card>
      <Card title="Delete account">
        <DeleteAccountForm />
      </Card>
    </div>
  )
}
