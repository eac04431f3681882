import Link from 'next/link'
import { Card } from '../_ui/card'
import { UpstreamButtons } from './upstream-buttons'
import { LogInForm } from './login-form'
import { PasskeyButton } from './passkey-button'
import { safeReturnTo } from '@/lib/auth/accounts'
import { database } from '@/db/client'
import { pendingApplication } from '@/lib/oauth/pending-application'
import { PendingApplicationNotice } from './pending-application'

export const metadata = { title: 'Log in · Gatehouse' }

export default async function LogInPage({ searchParams }: { searchParams: Promise<{ return_to?: string; login_hint?: string; logged_out?: string }> }) {
  const params = await searchParams
  const returnTo = safeReturnTo(params.return_to)
  const loginHint = typeof params.login_hint === 'string' ? params.login_hint.slice(0, 254) : undefined
  const application = await pendingApplication(await database(), returnTo)
  return (
    <div className="mx-auto max-w-md">
      <Card title={application ? `Log in to continue to ${application.name}` : 'Log in to Gatehouse'}>
        {params.logged_out !== undefined ? <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">You have been logged out.</p> : null}
        {application ? <PendingApplicationNotice application={application} action="log in" /> : null}
        <LogInForm returnTo={returnTo} loginHint={loginHint} />
        <p className="mt-4 text-sm"><Link className="text-indigo-700 hover:underline" href="/forgot-password">Forgot password?</Link></p>
        <UpstreamButtons returnTo={returnTo} />
        <PasskeyButton step="first" returnTo={returnTo} />
        <p className="mt-4 text-sm text-slate-600">New here? <Link className="text-indigo-700 hover:underline" href={`/signup?return_to=${encodeURIComponent(returnTo)}`}>Sign up</Link></p>
      </Card>
    </div>
  )
}
