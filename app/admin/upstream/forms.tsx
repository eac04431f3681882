'use client'
import { useActionState } from 'react'
import { Button } from '../../_ui/button'
import { FormMessage } from '../../_ui/card'
import { Field } from '../../_ui/field'
import { addProviderAction, editProviderAction } from './actions'

const checkbox = 'inline-flex items-center gap-2 text-sm'
const linkByEmailHint = 'A first sign-in whose email the provider verified signs into the local account with that email. Leave off unless the provider verifies addresses.'

export function AddProviderForm() {
  const [state, action, pending] = useActionState(addProviderAction, {})
  const value = (name: string) => (state.success ? '' : state.values?.[name])
  return (
    <form action={action} aria-label="Add a provider">
      <FormMessage error={state.errors?.form} success={state.success} />
      <div className="mb-4">
        <label htmlFor="field-type" className="block text-sm font-medium text-slate-800">Provider type</label>
        <select id="field-type" name="type" defaultValue={value('type') || 'oidc'} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2">
          <option value="oidc">OpenID Connect</option>
          <option value="google">Google</option>
          <option value="github">GitHub</option>
        </select>
      </div>
      <Field label="Provider id" name="id" hint="Lowercase letters, digits and dashes; part of the redirect URI, fixed once saved." maxLength={32} required defaultValue={value('id')} error={state.errors?.id} />
      <Field label="Display name" name="name" hint='Shown as "Continue with {display name}".' maxLength={64} required defaultValue={value('name')} error={state.errors?.name} />
      <Field label="Issuer URL" name="issuer" hint="OpenID Connect only (Google and GitHub fill their own)." maxLength={500} defaultValue={value('issuer')} error={state.errors?.issuer} />
      <Field label="Client ID" name="client_id" maxLength={500} required defaultValue={value('client_id')} error={state.errors?.client_id} />
      <Field label="Client secret" name="client_secret" type="password" autoComplete="off" hint="Stored encrypted; never shown again." maxLength={2000} required error={state.errors?.client_secret} />
      <Field label="Provider scopes" name="scopes" hint="Blank: openid email profile (GitHub: read:user user:email)." maxLength={500} defaultValue={value('scopes')} error={state.errors?.scopes} />
      <div className="mb-4 flex flex-col gap-2">
        <label className={checkbox}><input type="checkbox" name="enabled" defaultChecked />Enabled</label>
        <label className={checkbox}><input type="checkbox" name="link_by_verified_email" />Link by verified email</label>
        <p className="text-xs text-slate-500">{linkByEmailHint}</p>
      </div>
      <Button type="submit" disabled={pending}>Add provider</Button>
    </form>
  )
}

export interface EditableProvider { id: string; type: string; name: string; issuer: string | null; clientId: string; scopes: string; enabled: boolean; linkByVerifiedEmail: boolean }

export function EditProviderForm({ provider }: { provider: EditableProvider }) {
  const [state, action, pending] = useActionState(editProviderAction, {})
  const field = (name: string) => `provider-${provider.id}-${name}`
  return (
    <form action={action} aria-label={`Edit ${provider.name}`}>
      <FormMessage error={state.errors?.form} success={state.success} />
      <input type="hidden" name="id" value={provider.id} />
      <input type="hidden" name="type" value={provider.type} />
      <Field id={field('name')} label="Display name" name="name" maxLength={64} required defaultValue={provider.name} error={state.errors?.name} />
      {provider.type === 'oidc' ? <Field id={field('issuer')} label="Issuer URL" name="issuer" maxLength={500} required defaultValue={provider.issuer ?? ''} error={state.errors?.issuer} /> : null}
      <Field id={field('client_id')} label="Client ID" name="client_id" maxLength={500} required defaultValue={provider.clientId} error={state.errors?.client_id} />
      <Field id={field('client_secret')} label="Client secret" name="client_secret" type="password" autoComplete="off" hint="Leave blank to keep the stored secret." maxLength={2000} error={state.errors?.client_secret} />
      <Field id={field('scopes')} label="Provider scopes" name="scopes" maxLength={500} defaultValue={provider.scopes} error={state.errors?.scopes} />
      <div className="mb-4 flex flex-col gap-2">
        <label className={checkbox}><input type="checkbox" name="enabled" defaultChecked={provider.enabled} />Enabled</label>
        <label className={checkbox}><input type="checkbox" name="link_by_verified_email" defaultChecked={provider.linkByVerifiedEmail} />Link by verified email</label>
        <p className="text-xs text-slate-500">{linkByEmailHint}</p>
      </div>
      <Button type="submit" disabled={pending}>Save</Button>
    </form>
  )
}
