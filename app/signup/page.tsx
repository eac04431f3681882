import Link from 'next/link'
import { Card } from '../_ui/card'
import { UpstreamButtons } from '../login/upstream-buttons'
import { SignUpForm } from './signup-form'
import { safeReturnTo } from '@/lib/auth/accounts'

export const metadata = { title: 'Sign up · Gatehouse' }

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ return_to?: string }> }) {
  const returnTo = safeReturnTo((await searchParams).return_to)
  return (
    <div className="mx-auto max-w-md">
      <Card title="Create your account">
        <SignUpForm returnTo={returnTo} />
        <UpstreamButtons returnTo={returnTo} />
        <p className="mt-4 text-sm text-slate-600">Already have an account? <Link className="text-indigo-700 hover:underline" href={`/login?return_to=${encodeURIComponent(returnTo)}`}>Log in</Link></p>
      </Card>
    </div>
  )
}
