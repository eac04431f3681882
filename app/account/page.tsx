import { database, type Database } from '@/db/client'
import { listUserAuditEvents } from '@/db/queries/audit'
import { listUserSessions } from '@/db/queries/sessions'
import { safeReturnTo } from '@/lib/auth/accounts'
import { findClientById } from '@/db/queries/clients'
import { listConnectedApps } from '@/lib/oauth/connected-apps'
import { pageNumber } from '@/lib/page-number'
import { Button } from '../_ui/button'
import { Card } from '../_ui/card'
import { requireUser } from '../_server/session'
import { DateTime } from '../_ui/date'
import { revokeConnectedAppAction } from './actions'
import { ACTIVITY_PER_PAGE, ActivitySection } from './activity-section'
import { DeleteAccountForm, EmailForm, PasswordForm, UsernameForm } from './forms'
import { EmailVerificationStatus } from './email-section'
import { UpstreamSection } from './upstream-section'
import { SessionsSection } from './sessions-section'
import { SecondFactorsSection } from './second-factors-section'

export const metadata = { title: 'Account · Gatehouse' }

/** Client names for the activity sentences; a page names only a handful of clients. */
async function namesOfClients(db: Database, ids: (string | null)[]): Promise<Map<string, string>> {
  const distinct = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  const clients = await Promise.all(distinct.map((id) => findClientById(db, id)))
  return new Map(clients.filter((client) => client !== null).map((client) => [client.id, client.name]))
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ return_to?: string | string[]; confirm_email?: string | string[]; activity?: string | string[] }> }) {
  const { user, session } = await requireUser('/account')
  const db = await database()
  const query = await searchParams
  const activityPage = pageNumber(query.activity)
  // One row more than a page tells whether an older page exists.
  const [sessions, activity, connectedApps] = await Promise.all([
    listUserSessions(db, user.id, new Date()),
    listUserAuditEvents(db, user.id, ACTIVITY_PER_PAGE + 1, (activityPage - 1) * ACTIVITY_PER_PAGE),
    listConnectedApps(db, user.id),
  ])
  const clientNames = await namesOfClients(db, activity.map((row) => row.clientId))
  // The banner follows the account, not the URL: it goes away once the password is changed.
  const mustChange = user.mustChangePassword
  const returnTo = mustChange ? safeReturnTo(query.return_to, '') : ''
  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold">Your account</h1>
      {mustChange ? <p role="status" className="mb-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900">You signed in with a one-time password (generated at setup or set by an administrator). Choose your own password below to continue.</p> : null}
      <Card title="Profile">
        <UsernameForm username={user.username} />
        <EmailForm email={user.email} />
        <EmailVerificationStatus user={user} required={(await searchParams).confirm_email !== undefined} />
      </Card>
      <Card title="Password">
        <PasswordForm returnTo={returnTo} oneTime={mustChange} />
      </Card>
      <UpstreamSection user={user} />
      <SecondFactorsSection user={user} searchParams={searchParams} />
      <SessionsSection sessions={sessions} currentId={session.id} />
      <Card title="Connected apps">
        {connectedApps.length === 0 ? <p className="text-sm text-slate-500">You have not authorized any application.</p> : null}
        <ul className="divide-y divide-slate-200" aria-label="Connected apps">
          {connectedApps.map((app) => (
            <li key={app.clientId} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
              <div className="min-w-0">
                <div className="font-medium">{app.clientName}</div>
                <div className="break-words text-slate-500">Scopes: <span className="font-mono">{app.scopes.join(' ')}</span></div>
                <div className="text-slate-500">Authorized <DateTime value={app.authorizedAt} />{app.lastAuthorizedAt > app.authorizedAt ? <> · last <DateTime value={app.lastAuthorizedAt} /></> : null}</div>
              </div>
              <form action={revokeConnectedAppAction}>
                <input type="hidden" name="clientId" value={app.clientId} />
                <Button type="submit" variant="secondary">Revoke</Button>
              </form>
            </li>
          ))}
        </ul>
      </Card>
      <ActivitySection rows={activity.slice(0, ACTIVITY_PER_PAGE)} page={activityPage} hasMore={activity.length > ACTIVITY_PER_PAGE} userId={user.id} clientNames={clientNames} />
      <Card title="Delete account">
        <DeleteAccountForm />
      </Card>
    </div>
  )
}
