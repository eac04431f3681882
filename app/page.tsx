import Link from 'next/link'
import { Card } from './_ui/card'

export default function HomePage() {
  return (
    <Card title="Gatehouse">
      <p className="mb-4 text-slate-700">An OAuth 2.1 and OpenID Connect authorization server.</p>
      <ul className="list-disc space-y-1 pl-6 text-sm">
        <li><Link className="text-indigo-700 hover:underline" href="/account">Your account</Link></li>
        <li><Link className="text-indigo-700 hover:underline" href="/clients">Your OAuth clients</Link></li>
        <li><a className="text-indigo-700 hover:underline" href="/.well-known/openid-configuration">Discovery document</a></li>
      </ul>
    </Card>
  )
}
