import { redirect } from 'next/navigation'
import { database } from '@/db/client'
import { isPageStep, stepLocation, stepPage } from '@/lib/oauth/authorization-step'
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
  const step = await continueAuthorization(await database(), requestId, await browserSession(), { context: await requestContext() })
  if (!isPageStep(step)) redirect(stepLocation(step))
  const page = stepPage(step)
  return (
    <Card title={page.title}>
      <p role="alert">{page.message}</p>
    </Card>
  )
}
