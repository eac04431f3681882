'use client'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { decideConsentAction, type ConsentState } from './actions'

const initial: ConsentState = {}

export function ConsentForm({ requestId }: { requestId: string }) {
  const [state, action, pending] = useActionState(decideConsentAction, initial)
  return (
    <form action={action} aria-label="Consent">
      <FormMessage error={state.error} />
      <input type="hidden" name="request" value={requestId} />
      <div className="flex gap-3">
        <Button type="submit" name="decision" value="allow" disabled={pending}>Allow</Button>
        <Button type="submit" name="decision" value="deny" variant="secondary" disabled={pending}>Deny</Button>
      </div>
    </form>
  )
}
