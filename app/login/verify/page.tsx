import Link from 'next/link'
import { database } from '@/db/client'
import { countPasskeys, findTotpFactor } from '@/db/queries/second-factors'
import { readPendingSignIn } from '@/lib/factors/second-step'
import { Card } from '../../_ui/card'
import { pendingToken } from '../../_server/sign-in'
import { PasskeyButton } from '../passkey-button'
import { VerifyForm } from './verify-form'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Second step · Gatehouse' }

export default async function VerifyPage() {
  const db = await database()
  const pending = await readPendingSignIn(db, await pendingToken(), 'second_factor')
  if (!pending?.userId) {
    return (
      <div className="mx-auto max-w-md">
        <Card title="Sign-in expired">
          <p className="text-sm text-slate-700">This sign-in has expired. <Link className="text-indigo-700 hover:underline" href="/login">Log in again</Link>.</p>
        </Card>
      </div>
    )
  }
  const [totp, passkeys] = [await findTotpFactor(db, pending.userId), await countPasskeys(db, pending.userId)]
  return (
    <div className="mx-auto max-w-md">
      <Card title="Second step">
        {totp?.confirmedAt ? null : <p className="mb-4 text-sm text-slate-700">Use your passkey, or enter one of your recovery codes.</p>}
        <VerifyForm />
        {passkeys > 0 ? <PasskeyButton step="second" /> : null}
      </Card>
    </div>
  )
}
