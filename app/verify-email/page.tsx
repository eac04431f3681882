import { database } from '@/db/client'
import { verificationLinkAddress, verificationMessages } from '@/lib/auth/verification'
import { Card } from '../_ui/card'
import { ConfirmEmailForm } from './confirm-form'

export const metadata = { title: 'Confirm your email · Gatehouse', referrer: 'no-referrer' }

// The link opens this page and a button confirms: a mail scanner fetching the link proves nothing.
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams
  const email = typeof token === 'string' ? await verificationLinkAddress(await database(), token) : null
  return (
    <div className="mx-auto max-w-md">
      <Card title={email ? 'Confirm your email address' : 'Link no longer valid'}>
        {email && typeof token === 'string' ? <ConfirmEmailForm token={token} email={email} /> : (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{verificationMessages.linkInvalid}</p>
        )}
      </Card>
    </div>
  )
}
