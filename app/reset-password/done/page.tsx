import Link from 'next/link'
import { recoveryMessages } from '@/lib/auth/recovery'
import { Card } from '../../_ui/card'

export const metadata = { title: 'Password set · Gatehouse' }

export default function PasswordSetPage() {
  return (
    <div className="mx-auto max-w-md">
      <Card title="Password set">
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800">{recoveryMessages.passwordSet}</p>
        <Link className="text-indigo-700 hover:underline" href="/login">Log in</Link>
      </Card>
    </div>
  )
}
