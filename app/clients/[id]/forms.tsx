'use client'
import { useActionState } from 'react'
import { Button } from '../../_ui/button'
import { FormMessage } from '../../_ui/card'
import { CopyableValue } from '../../_ui/copy-button'
import { FieldError } from '../../_ui/field'
import { useFleetingMessage } from '../../_ui/fleeting'
import { deleteClientAction, rotateSecretAction, updateClientAction } from '../actions'
import { ClientFields, type ScopeOption } from '../client-fields'
import { emptyClientFormState, emptySecretFormState, type ClientFormValues } from '../state'

// The hidden clientId only names the client: every action checks that the signed-in user owns it.

export function EditClientForm({ clientId, values, scopes }: { clientId: string; values: ClientFormValues; scopes: ScopeOption[] }) {
  const [state, action, pending] = useActionState(updateClientAction, emptyClientFormState)
  const { visible, formRef, hide } = useFleetingMessage(state)
  const shown = state.values ? { ...state.values, type: values.type } : values
  return (
    <form ref={formRef} action={action} onInput={hide} noValidate aria-label="Edit client">
      <FormMessage error={state.errors?.form} success={visible ? state.success : undefined} />
      <input type="hidden" name="clientId" value={clientId} />
      <ClientFields values={shown} errors={state.errors} scopes={scopes} type={values.type} typeFixed />
      <Button type="submit" disabled={pending}>Save</Button>
    </form>
  )
}

/** A required confirmation box, as for deleting: works without JavaScript, checked on the server too. */
function ConfirmBox({ id, label, error }: { id: string; label: string; error?: string }) {
  return (
    <>
      <div className="mb-4 flex items-start gap-2 text-sm">
        <input id={id} type="checkbox" name="confirm" value="yes" required aria-describedby={error ? `${id}-error` : undefined} className="mt-1" />
        <label htmlFor={id} className="text-slate-800">{label}</label>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </>
  )
}

/** The secret's line of the Credentials card: what is stored, and after a rotation the new secret
 * (the only time it is shown) with its copy button. */
export function RotateSecretForm({ clientId }: { clientId: string }) {
  const [state, action, pending] = useActionState(rotateSecretAction, emptySecretFormState)
  return (
    <form action={action} aria-label="Rotate secret">
      <FormMessage error={state.errors?.form} />
      <input type="hidden" name="clientId" value={clientId} />
      {state.secret ? (
        <div className="mb-4 text-sm">
          <p role="status" className="mb-2 font-medium text-slate-800">New client secret: the old one no longer works.</p>
          <CopyableValue value={state.secret} label="client secret" testId="client-secret" />
          <p className="mt-2 rounded-md bg-amber-50 p-3 text-amber-900">Copy it now and put it where your app reads it. Gatehouse keeps only a hash, so this is the only time it is shown.</p>
        </div>
      ) : (
        <p className="mb-4 text-sm text-slate-600">Stored only as a hash, so it cannot be shown again. Rotate it to get a new one; the old one stops working at once.</p>
      )}
      <ConfirmBox id="field-rotate-confirm" label="I understand that the current secret stops working at once" error={state.errors?.confirm} />
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
      <ConfirmBox id="field-confirm" label="I understand that this deletes the client for good" error={state.errors?.confirm} />
      <Button type="submit" variant="danger" disabled={pending}>Delete client</Button>
    </form>
  )
}
