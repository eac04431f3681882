import Link from 'next/link'
import { database } from '@/db/client'
import { recoveryMessages, resetLinkUsable } from '@/lib/auth/recovery'
import { Card } from '../_ui/card'
import { ResetPasswordForm } from './reset-form'

export const metadata = { title: 'Choose a new password · Gatehouse', referrer: 'no-referrer' }

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams
  const usable = typeof token === 'string' && (await resetLinkUsable(await database(), token))
  return (
    <div className="mx-auto max-w-md">
      <Card title={usable ? 'Choose a new password' : 'Link no longer valid'}>
        {usable ? <ResetPasswordForm token={token} /> : (
          <>
            <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-800">{recoveryMessages.linkInvalid}</p>
            <Link className="text-indigo-700 hover:underline" href="/forgot-password">Send a new reset link</Link>
          </>
        )}
      </Card>
    </div>
  )
}
