'use client'
import { useActionState } from 'react'
import { Button } from '../../_ui/button'
import { FormMessage } from '../../_ui/card'
import { FieldError } from '../../_ui/field'
import { deleteClientAction, rotateSecretAction, updateClientAction } from '../actions'
import { ClientFields, type ScopeOption } from '../client-fields'
import { emptyClientFormState, emptySecretFormState, type ClientFormValues } from '../state'

// The hidden clientId only names the client: every action checks that the signed-in user owns it.

export function EditClientForm({ clientId, values, scopes }: { clientId: string; values: ClientFormValues; scopes: ScopeOption[] }) {
  const [state, action, pending] = useActionState(updateClientAction, emptyClientFormState)
  const shown = state.values ? { ...state.values, type: values.type } : values
  return (
    <form action={action} noValidate aria-label="Edit client">
      <FormMessage error={state.errors?.form} success={state.success} />
      <input type="hidden" name="clientId" value={clientId} />
      <ClientFields values={shown} errors={state.errors} scopes={scopes} type={values.type} typeFixed />
      <Button type="submit" disabled={pending}>Save</Button>
    </form>
  )
}

export function RotateSecretForm({ clientId }: { clientId: string }) {
  const [state, action, pending] = useActionState(rotateSecretAction, emptySecretFormState)
  return (
    <form action={action} aria-label="Rotate secret">
      <FormMessage error={state.errors?.form} />
      <input type="hidden" name="clientId" value={clientId} />
      {state.secret ? (
        <div className="mb-4 text-sm">
          <p role="status" className="mb-2 font-medium text-slate-800">New client secret (the old one no longer works):</p>
          <code data-testid="client-secret" className="break-all rounded bg-slate-100 px-2 py-1">{state.secret}</code>
          <p className="mt-2 rounded-md bg-amber-50 p-3 text-amber-900">Copy it now: it will not be shown again.</p>
        </div>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending}>Rotate secret</Button>
    </form>
  )
}

export function DeleteClientForm({ clientId }: { clientId: string }) {
  const [state, action, pending] = useActionState(deleteClientAction, emptySecretFormState)
  return (
    <form action={action} aria-label="Delete client">
      <input type="hidden" name="clientId" value={clientId} />
      <p className="mb-4 text-sm text-slate-600">Deleting the client also revokes every code, token and consent issued to it. It cannot be undone.</p>
      <div className="mb-4 flex items-start gap-2 text-sm">
        <input id="field-confirm" type="checkbox" name="confirm" value="yes" required aria-describedby={state.errors?.confirm ? 'field-confirm-error' : undefined} className="mt-1" />
        <label htmlFor="field-confirm" className="text-slate-800">I understand that this deletes the client for good</label>
      </div>
      <FieldError id="field-confirm-error" message={state.errors?.confirm} />
      <Button type="submit" variant="danger" disabled={pending}>Delete client</Button>
    </form>
  )
}
