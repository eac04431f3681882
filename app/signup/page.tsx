import Link from 'next/link'
import { Card } from '../_ui/card'
import { UpstreamButtons } from '../login/upstream-buttons'
import { SignUpForm } from './signup-form'
import { safeReturnTo } from '@/lib/auth/accounts'
import { database } from '@/db/client'
import { pendingApplication } from '@/lib/oauth/pending-application'
import { PendingApplicationNotice } from '../login/pending-application'

export const metadata = { title: 'Sign up · Gatehouse' }

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ return_to?: string }> }) {
  const returnTo = safeReturnTo((await searchParams).return_to)
  const application = await pendingApplication(await database(), returnTo)
  return (
    <div className="mx-auto max-w-md">
      <Card title="Create your account">
        {application ? <PendingApplicationNotice application={application} action="sign up" /> : null}
        <SignUpForm returnTo={returnTo} />
        <UpstreamButtons returnTo={returnTo} />
        <p className="mt-4 text-sm text-slate-600">Already have an account? <Link className="text-indigo-700 hover:underline" href={`/login?return_to=${encodeURIComponent(returnTo)}`}>Log in</Link></p>
      </Card>
    </div>
  )
}
