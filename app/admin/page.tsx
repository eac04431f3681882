import { database } from '@/db/client'
import { hourlyActivity } from '@/lib/admin/activity-chart'
import { listKeys } from '@/lib/keys/management'
import { Button } from '../_ui/button'
import { Card } from '../_ui/card'
import { requireAdmin } from '../_server/session'
import { ActionForm } from './action-form'
import { ActivityChart } from './activity-chart'
import { EmailPolicySection } from './email-policy-section'
import { rotateKeysAction } from './actions'

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default async function AdminOverviewPage() {
  await requireAdmin()
  const db = await database()
  const [buckets, keys] = await Promise.all([hourlyActivity(db), listKeys(db)])
  const published = keys.filter((key) => !key.retiredAt)
  return (
    <div>
      <Card title="Last 24 hours">
        <ActivityChart buckets={buckets} />
      </Card>
      <Card title="Signing keys">
        <ul className="mb-4 divide-y divide-slate-200 text-sm" aria-label="Signing keys">
          {published.map((key) => (
            <li key={key.kid} className="py-2">
              <code>{key.kid}</code> · {key.alg} · created {dateFormat.format(key.createdAt)} UTC
              {key.rotatedOutAt ? ` · rotated out ${dateFormat.format(key.rotatedOutAt)} UTC` : ' · signing'}
            </li>
          ))}
        </ul>
        <ActionForm action={rotateKeysAction} label="Rotate keys">
          <p className="mb-2 text-sm text-slate-600">Creates a new key per algorithm that signs from now on. The old keys stay in the JWKS until the tokens they signed have expired.</p>
          <Button type="submit">Rotate keys</Button>
        </ActionForm>
      </Card>
      <EmailPolicySection />
    </div>
  )
}
