import Link from 'next/link'
import { database } from '@/db/client'
import type { User } from '@/db/schema'
import { factorSummary } from '@/lib/factors/enrolment'
import { Card } from '../_ui/card'
import { RegenerateRecoveryCodesForm, RemoveTotpForm } from './factor-forms'

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const lastUse = (at: Date | null) => at ? `last used ${dateFormat.format(at)} UTC` : 'not used yet'

/** Second factors on /account: what the user has, when each was last used, and how to change them. */
export async function SecondFactorsSection({ user }: { user: User }) {
  const summary = await factorSummary(await database(), user.id)
  return (
    <Card title="Second factors">
      <h3 className="mb-1 text-sm font-semibold">Authenticator app</h3>
      {summary.totp ? (
        <div className="mb-4 text-sm">
          <p className="text-slate-600">On since {dateFormat.format(summary.totp.confirmedAt)} UTC · {lastUse(summary.totp.lastUsedAt)}</p>
          <RemoveTotpForm />
        </div>
      ) : (
        <p className="mb-4 text-sm"><Link className="text-indigo-700 hover:underline" href="/account/authenticator">Set up authenticator app</Link></p>
      )}
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
