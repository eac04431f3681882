'use client'
import { useActionState } from 'react'
import { Button } from '../../_ui/button'
import { FormMessage } from '../../_ui/card'
import { Field } from '../../_ui/field'
import { issueInitialAccessTokenAction, saveResourceAction } from './actions'

export function IssueInitialAccessTokenForm() {
  const [state, action, pending] = useActionState(issueInitialAccessTokenAction, {})
  return (
    <form action={action} aria-label="Issue an initial access token">
      <FormMessage success={state.success} />
      {state.values?.token ? <p className="mb-4 break-all rounded bg-slate-100 p-2 font-mono text-sm" data-testid="initial-access-token">{state.values.token}</p> : null}
      <Field label="Label" name="label" hint="Who or what will register clients with it." maxLength={100} required defaultValue={state.success ? '' : state.values?.label} error={state.errors?.label} />
      <Field label="Valid for (days)" name="validDays" hint="Empty: until revoked." inputMode="numeric" maxLength={3} defaultValue={state.success ? '' : state.values?.validDays} error={state.errors?.validDays} />
      <Button type="submit" disabled={pending}>Issue token</Button>
    </form>
  )
}

export function SaveResourceForm() {
  const [state, action, pending] = useActionState(saveResourceAction, {})
  return (
    <form action={action} aria-label="Add a resource">
      <FormMessage success={state.success} />
      <Field label="Resource URI" name="uri" hint="Exactly as clients send it in the resource parameter, such as https://mcp.example.com/mcp." maxLength={2000} required defaultValue={state.success ? '' : state.values?.uri} error={state.errors?.uri} />
      <Field label="Name" name="name" maxLength={100} required defaultValue={state.success ? '' : state.values?.name} error={state.errors?.name} />
      <Field label="Scopes" name="scopes" hint="Space-separated scopes from the catalog that this resource accepts; empty: OpenID scopes only." maxLength={2000} defaultValue={state.success ? '' : state.values?.scopes} error={state.errors?.scopes} />
      {state.errors?.form ? <p role="alert" className="mb-2 text-sm text-red-700">{state.errors.form}</p> : null}
      <Button type="submit" disabled={pending}>Save resource</Button>
    </form>
  )
}
