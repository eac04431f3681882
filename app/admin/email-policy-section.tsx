import { database } from '@/db/client'
import { emailPolicy } from '@/lib/admin/email-policy'
import { Button } from '../_ui/button'
import { Card } from '../_ui/card'
import { ActionForm } from './action-form'
import { saveEmailPolicyAction } from './email-policy-actions'

export async function EmailPolicySection() {
  const policy = await emailPolicy(await database())
  return (
    <Card title="Email policy">
      <ActionForm action={saveEmailPolicyAction} label="Email policy">
        <label className="mb-3 flex items-center gap-2 text-sm">
          <input type="checkbox" name="requireVerifiedEmail" defaultChecked={policy.requireVerifiedEmail} />
          Require a confirmed email address before consent
        </label>
        <p className="mb-3 text-sm text-slate-600">Users whose address is not confirmed are asked to follow their confirmation link before any application is authorized for them.</p>
        <Button type="submit">Save policy</Button>
      </ActionForm>
    </Card>
  )
}
