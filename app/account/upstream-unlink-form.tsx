'use client'
import { useActionState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { emptyFormState } from '../_server/form'
import { unlinkUpstreamAction } from './upstream-actions'

export function UnlinkUpstreamForm({ providerId, providerName }: { providerId: string; providerName: string }) {
  const [state, action, pending] = useActionState(unlinkUpstreamAction, emptyFormState)
  return (
    <form action={action} aria-label={`Unlink ${providerName}`}>
      <FormMessage error={state.errors?.form} success={state.success} />
      <input type="hidden" name="provider" value={providerId} />
      <Button type="submit" variant="secondary" disabled={pending}>Unlink</Button>
    </form>
  )
}
