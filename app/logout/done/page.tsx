import Link from 'next/link'
import { Card } from '../../_ui/card'

export const metadata = { title: 'Logged out · Gatehouse' }

// Where /oauth/logout sends the browser when the application named no registered place to return to.
export default function LoggedOutPage() {
  return (
    <Card title="You are logged out">
      <p role="status" className="mb-4 text-sm text-slate-700">You have been logged out of Gatehouse. You can close this window.</p>
      <Link href="/login" className="text-sm font-semibold text-indigo-700 hover:underline">Log in again</Link>
    </Card>
  )
}
