import Link from 'next/link'
import { Card } from '../_ui/card'
import { LogInForm } from './login-form'
import { PasskeyButton } from './passkey-button'
import { safeReturnTo } from '@/lib/auth/accounts'

export const metadata = { title: 'Log in · Gatehouse' }

export default async function LogInPage({ searchParams }: { searchParams: Promise<{ return_to?: string; login_hint?: string }> }) {
  const params = await searchParams
  const returnTo = safeReturnTo(params.return_to)
  const loginHint = typeof params.login_hint === 'string' ? params.login_hint.slice(0, 254) : undefined
  return (
    <div className="mx-auto max-w-md">
      <Card title="Log in to Gatehouse">
        <LogInForm returnTo={returnTo} loginHint={loginHint} />
        <PasskeyButton step="first" returnTo={returnTo} />
        <p className="mt-4 text-sm text-slate-600">New here? <Link className="text-indigo-700 hover:underline" href={`/signup?return_to=${encodeURIComponent(returnTo)}`}>Sign up</Link></p>
      </Card>
    </div>
  )
}
