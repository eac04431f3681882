import Link from 'next/link'
import { safeReturnTo } from '@/lib/auth/accounts'
import { upstreamFailureFor } from '@/lib/upstream/error-page'
import { Card } from '../../_ui/card'

export const metadata = { title: 'Sign-in not completed · Gatehouse' }

export default async function UpstreamErrorPage({ searchParams }: { searchParams: Promise<{ reason?: string | string[]; return_to?: string | string[] }> }) {
  const params = await searchParams
  const { title, message } = upstreamFailureFor(params.reason)
  const returnTo = safeReturnTo(params.return_to, '/login')
  const back = returnTo.startsWith('/account') ? '/account' : `/login?return_to=${encodeURIComponent(returnTo)}`
  return (
    <div className="mx-auto max-w-md">
      <Card title={title}>
        <p role="alert" className="mb-4 text-sm text-slate-700">{message}</p>
        <Link className="text-indigo-700 hover:underline" href={back}>{back === '/account' ? 'Back to your account' : 'Back to the login page'}</Link>
      </Card>
    </div>
  )
}
