import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { continueAuthorization } from '@/lib/oauth/interaction'
import { Card } from '../../../_ui/card'
import { requestContext } from '../../../_server/context'
import { browserSession } from '../../../_server/protocol'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Continue · Gatehouse' }

// Where /login and /signup send the browser back to. A page, not a route handler: their server
// actions redirect here with the client router, which can only render pages (it then follows
// our redirect to the consent page, or, for an external redirect URI, navigates away for real).
export default async function ContinueAuthorizationPage({ searchParams }: { searchParams: Promise<{ request?: string }> }) {
  const requestId = String((await searchParams).request ?? '').slice(0, 64)
  const response = await continueAuthorization(await database(), requestId, await browserSession(), { context: await requestContext() })
  const location = response.headers.get('location')
  if (location) redirect(location)
  return (
    <Card title="Request expired">
      <p role="alert">This sign-in request has expired or was already used. Go back to the application and start again.</p>
    </Card>
  )
}
