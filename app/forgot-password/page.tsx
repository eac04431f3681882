import Link from 'next/link'
import { Card } from '../_ui/card'
import { ForgotPasswordForm } from './forgot-form'

export const metadata = { title: 'Forgot password · Gatehouse' }

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <Card title="Forgot your password?">
        <p className="mb-4 text-sm text-slate-600">Enter the email address of your account. If it is a confirmed address, we mail it a link to choose a new password.</p>
        <ForgotPasswordForm />
        <p className="mt-4 text-sm text-slate-600"><Link className="text-indigo-700 hover:underline" href="/login">Back to log in</Link></p>
      </Card>
    </div>
  )
}
