import Link from 'next/link'
import { Card } from './_ui/card'

export const metadata = { title: 'Page not found · Gatehouse' }

// Every unknown path, and every page that answers "not yours" with a 404 (someone else's client).
export default function NotFound() {
  return (
    <div className="mx-auto max-w-md">
      <Card title="Page not found">
        <p className="mb-4 text-sm text-slate-700">There is nothing at this address, or it is not yours to see. Check the link, or start again from the home page.</p>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link href="/" className="font-semibold text-indigo-700 hover:underline">Go to the home page</Link>
          <Link href="/account" className="font-semibold text-indigo-700 hover:underline">Your account</Link>
        </p>
      </Card>
    </div>
  )
}
