import Link from 'next/link'
import { database } from '@/db/client'
import type { User } from '@/db/schema'
import { safeReturnTo } from '@/lib/auth/accounts'
import { factorSummary } from '@/lib/factors/enrolment'
import { enrolmentStatus } from '@/lib/factors/policy'
import { Card } from '../_ui/card'
import { Button } from '../_ui/button'
import { AddPasskey } from './add-passkey'
import { RegenerateRecoveryCodesForm, RemoveTotpForm } from './factor-forms'
import { removePasskeyAction } from './passkey-actions'

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const lastUse = (at: Date | null) => at ? `last used ${dateFormat.format(at)} UTC` : 'not used yet'

/** Second factors on /account: what the user has, when each was last used, and how to change them. */
export async function SecondFactorsSection({ user, searchParams }: { user: User; searchParams: Promise<{ return_to?: string | string[] }> }) {
  const db = await database()
  const [summary, status] = [await factorSummary(db, user.id), await enrolmentStatus(db, user)]
  const returnTo = safeReturnTo((await searchParams).return_to, '')
  return (
    <Card title="Second factors">
      {status.state === 'grace' || status.state === 'overdue' ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Your administrator requires a second factor{status.state === 'grace' ? ` from ${dateFormat.format(status.dueAt)} UTC` : ''}. Set up an authenticator app or add a passkey{status.state === 'overdue' ? ' to continue' : ''}.
        </p>
      ) : null}
      {status.state === 'enrolled' && returnTo ? <p className="mb-4 text-sm"><Link className="font-semibold text-indigo-700 hover:underline" href={returnTo}>Continue</Link></p> : null}
      <h3 className="mb-1 text-sm font-semibold">Authenticator app</h3>
      {summary.totp ? (
        <div className="mb-4 text-sm">
          <p className="text-slate-600">On since {dateFormat.format(summary.totp.confirmedAt)} UTC · {lastUse(summary.totp.lastUsedAt)}</p>
          <RemoveTotpForm />
        </div>
      ) : (
        <p className="mb-4 text-sm"><Link className="text-indigo-700 hover:underline" href={returnTo ? `/account/authenticator?return_to=${encodeURIComponent(returnTo)}` : '/account/authenticator'}>Set up authenticator app</Link></p>
      )}
      <h3 className="mb-1 text-sm font-semibold">Passkeys</h3>
      <ul className="divide-y divide-slate-200 text-sm" aria-label="Passkeys">
        {summary.passkeys.map((passkey) => (
          <li key={passkey.id} className="flex items-center justify-between gap-4 py-2">
            <div>
              <div className="font-medium">{passkey.name}</div>
              <div className="text-slate-600">Added {dateFormat.format(passkey.createdAt)} UTC · {lastUse(passkey.lastUsedAt)}</div>
            </div>
            <form action={removePasskeyAction}>
              <input type="hidden" name="passkeyId" value={passkey.id} />
              <Button type="submit" variant="secondary" aria-label={`Remove passkey ${passkey.name}`}>Remove</Button>
            </form>
          </li>
        ))}
      </ul>
      <div className="mb-4"><AddPasskey /></div>
      {summary.recoveryCodes.total > 0 ? (
        <div className="text-sm">
          <h3 className="mb-1 font-semibold">Recovery codes</h3>
          <p className="text-slate-600">{summary.recoveryCodes.unused} of {summary.recoveryCodes.total} unused · {lastUse(summary.recoveryCodes.lastUsedAt)}</p>
          <RegenerateRecoveryCodesForm />
        </div>
      ) : null}
    </Card>
  )
}
