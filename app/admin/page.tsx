import { database } from '@/db/client'
import { hourlyActivity } from '@/lib/admin/activity-chart'
import { listKeys } from '@/lib/keys/management'
import { Button } from '../_ui/button'
import { Card } from '../_ui/card'
import { DateTime } from '../_ui/date'
import { requireAdmin } from '../_server/session'
import { ActionForm } from './action-form'
import { ActivityChart } from './activity-chart'
import { EmailPolicySection } from './email-policy-section'
import { rotateKeysAction } from './actions'

// What each algorithm's key signs (ES256 access tokens, RS256 ID tokens), for the admin reading the table.
const keyPurposes: Record<string, string> = { ES256: 'Access tokens', RS256: 'ID tokens' }

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
        <div className="mb-4 overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Signing keys">
            <thead>
              <tr className="border-b border-slate-200 text-xs text-slate-500">
                <th scope="col" className="py-2 pr-3 font-medium">Algorithm</th>
                <th scope="col" className="py-2 pr-3 font-medium">Signs</th>
                <th scope="col" className="py-2 pr-3 font-medium">Created</th>
                <th scope="col" className="py-2 pr-3 font-medium">Status</th>
                <th scope="col" className="py-2 font-medium">Key ID (kid)</th>
              </tr>
            </thead>
            <tbody>
              {published.map((key) => (
                <tr key={key.kid} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-3 font-mono">{key.alg}</td>
                  <td className="py-2 pr-3">{keyPurposes[key.alg] ?? 'Tokens'}</td>
                  <td className="py-2 pr-3"><DateTime value={key.createdAt} dateOnly /></td>
                  <td className="py-2 pr-3">
                    {key.rotatedOutAt
                      ? <>Verifies only, since <DateTime value={key.rotatedOutAt} dateOnly /></>
                      : <span className="rounded bg-green-100 px-2 py-0.5 text-xs whitespace-nowrap text-green-800">Signing</span>}
                  </td>
                  <td className="max-w-[10rem] py-2"><code className="block truncate text-xs" title={key.kid}>{key.kid}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ActionForm action={rotateKeysAction} label="Rotate keys">
          <p className="mb-2 text-sm text-slate-600">Creates a new key per algorithm that signs from now on. The old keys stay in the JWKS until the tokens they signed have expired.</p>
          <Button type="submit">Rotate keys</Button>
        </ActionForm>
      </Card>
      <EmailPolicySection />
    </div>
  )
}
