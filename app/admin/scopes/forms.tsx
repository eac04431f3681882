'use client'
import { useActionState } from 'react'
import { Button } from '../../_ui/button'
import { FormMessage } from '../../_ui/card'
import { Field, FieldError } from '../../_ui/field'
import { addScopeAction, editScopeAction } from './actions'

export function AddScopeForm() {
  const [state, action, pending] = useActionState(addScopeAction, {})
  return (
    <form action={action} aria-label="Add a scope">
      <FormMessage success={state.success} />
      <Field label="Scope name" name="name" hint="For example resources:write." maxLength={64} required defaultValue={state.success ? '' : state.values?.name} error={state.errors?.name} />
      <Field label="Description" name="description" hint="Shown to users on the consent page." maxLength={200} required defaultValue={state.success ? '' : state.values?.description} error={state.errors?.description} />
      <div className="mb-4">
        <label className="inline-flex items-center gap-2 text-sm"><input type="checkbox" name="restricted" defaultChecked />Restricted</label>
        <p className="text-xs text-slate-500">Only users holding the permission get it in their tokens.</p>
      </div>
      <Button type="submit" disabled={pending}>Add scope</Button>
    </form>
  )
}

export function EditScopeForm({ name, description, restricted }: { name: string; description: string; restricted: boolean }) {
  const [state, action, pending] = useActionState(editScopeAction, {})
  const id = `description-${name}`
  return (
    <form action={action} aria-label={`Edit ${name}`} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="name" value={name} />
      <div className="min-w-64 flex-1">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">Description of {name}</label>
        <input id={id} name="description" defaultValue={description} maxLength={200} required aria-invalid={state.errors?.description ? true : undefined} aria-describedby={state.errors?.description ? `${id}-error` : undefined} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
        <FieldError id={`${id}-error`} message={state.errors?.description} />
      </div>
      <label className="inline-flex items-center gap-1 text-sm"><input type="checkbox" name="restricted" defaultChecked={restricted} />Restricted<span className="sr-only"> {name}</span></label>
      <Button type="submit" variant="secondary" disabled={pending}>Save<span className="sr-only"> {name}</span></Button>
      {state.errors?.form ? <p role="alert" className="w-full text-sm text-red-700">{state.errors.form}</p> : null}
      {state.success ? <p role="status" className="w-full text-sm text-green-800">{state.success}</p> : null}
    </form>
  )
}
