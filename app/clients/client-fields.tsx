// The fields shared by the create and edit forms, each with a visible label.
// Presentational only: the forms that use them hold the state.
import type { ReactNode } from 'react'
import type { FieldErrors } from '@/lib/result'
import { Field, FieldError } from '../_ui/field'
import { authMethodExplanations, developerScopeExplanations, grantTypeExplanations, type ClientFormValues } from './state'

export interface ScopeOption { name: string; description: string; restricted: boolean }

const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm'

/** A textarea of URIs, one per line; its errors are per line, so each gets its own line. */
function UriListField({ label, name, value, error, hint }: { label: string; name: string; value: string; error?: string; hint: string }) {
  const id = `field-${name}`
  const errorId = `${id}-error`
  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p>
      <textarea
        id={id}
        name={name}
        rows={3}
        defaultValue={value}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${errorId}` : `${id}-hint`}
        className={`${inputClass} font-mono text-sm`}
      />
      {error ? (
        <div id={errorId} role="alert" className="mt-1 text-sm text-red-700">
          {error.split('\n').map((line) => <p key={line}>{line}</p>)}
        </div>
      ) : null}
    </div>
  )
}

function SelectField({ label, name, value, options, error, onChange, hint }: {
  label: string; name: string; value: string; options: { value: string; label: string }[]; error?: string
  onChange?: (value: string) => void
  hint?: ReactNode
}) {
  const id = `field-${name}`
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      {hint ? <div id={`${id}-hint`} className="text-xs text-slate-500">{hint}</div> : null}
      <select id={id} name={name} defaultValue={value} onChange={onChange ? (event) => onChange(event.target.value) : undefined}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} className={inputClass}>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  )
}

/** One checkbox; the label is the bare name, the explanation sits beside it. */
function Checkbox({ name, value, label, explanation, checked, idPrefix }: { name: string; value: string; label: string; explanation?: string; checked: boolean; idPrefix: string }) {
  const id = `${idPrefix}-${value}`
  return (
    <div className="mb-2 flex items-start gap-2">
      <input id={id} type="checkbox" name={name} value={value} defaultChecked={checked} aria-describedby={explanation ? `${id}-explanation` : undefined} className="mt-1" />
      <div className="text-sm">
        <label htmlFor={id} className="font-mono font-medium text-slate-800">{label}</label>
        {explanation ? <span id={`${id}-explanation`} className="block text-slate-500 sm:ml-2 sm:inline">{explanation}</span> : null}
      </div>
    </div>
  )
}

function scopeExplanation(scope: ScopeOption): string {
  const text = developerScopeExplanations[scope.name] ?? scope.description
  return scope.restricted ? `${text} (restricted: only users who hold it can grant it)` : text
}

export function ClientFields({ values, errors, scopes, type, onTypeChange, typeFixed }: {
  values: ClientFormValues
  errors?: FieldErrors
  scopes: ScopeOption[]
  /** The type currently chosen: decides which fields make sense. */
  type: string
  onTypeChange?: (type: string) => void
  typeFixed: boolean
}) {
  const grantTypes = Object.keys(grantTypeExplanations)
  return (
    <>
      <Field label="Client name" name="name" defaultValue={values.name} required maxLength={100} error={errors?.name} />
      {typeFixed ? (
        <p className="mb-4 text-sm text-slate-700">Client type: <strong>{type === 'public' ? 'Public' : 'Confidential'}</strong> <span className="text-slate-500">(fixed once created)</span></p>
      ) : (
        <SelectField label="Client type" name="type" value={values.type || 'confidential'} error={errors?.type} onChange={onTypeChange}
          hint="Confidential: runs on a server that can keep a secret. Public: a browser or mobile app, which cannot; it uses PKCE instead." 
          options={[{ value: 'confidential', label: 'Confidential' }, { value: 'public', label: 'Public' }]} />
      )}
      <UriListField label="Redirect URIs" name="redirectUris" value={values.redirectUris} error={errors?.redirectUris}
        hint="One per line, matched exactly. https, or http on 127.0.0.1, [::1] or localhost; public (native) clients may use com.example.app:/callback." />

      <fieldset className="mb-4">
        <legend className="text-sm font-medium text-slate-800">Grant types</legend>
        {grantTypes.map((grant) => (
          <Checkbox key={grant} idPrefix="grant" name="grantTypes" value={grant} label={grant} explanation={grantTypeExplanations[grant]} checked={values.grantTypes.includes(grant)} />
        ))}
        <FieldError id="field-grantTypes-error" message={errors?.grantTypes} />
      </fieldset>

      <fieldset className="mb-4">
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        {scopes.map((scope) => (
          <Checkbox key={scope.name} idPrefix="scope" name="scopes" value={scope.name} label={scope.name}
            explanation={scopeExplanation(scope)}
            checked={values.scopes.includes(scope.name)} />
        ))}
        <FieldError id="field-scopes-error" message={errors?.scopes} />
      </fieldset>

      {type === 'public' ? (
        <p className="mb-4 text-sm text-slate-600">Public clients have no secret (authentication method <code>none</code>) and always require PKCE.</p>
      ) : (
        <>
          <SelectField label="Authentication method" name="tokenEndpointAuthMethod" value={values.tokenEndpointAuthMethod || 'client_secret_basic'} error={errors?.tokenEndpointAuthMethod}
            hint={<ul className="mt-1 space-y-0.5">{Object.entries(authMethodExplanations).map(([method, text]) => <li key={method}><code>{method}</code>: {text}</li>)}</ul>}
            options={[{ value: 'client_secret_basic', label: 'client_secret_basic' }, { value: 'client_secret_post', label: 'client_secret_post' }]} />
          <div className="mb-4 flex items-start gap-2">
            <input id="field-requirePkce" type="checkbox" name="requirePkce" defaultChecked={values.requirePkce} aria-describedby="field-requirePkce-explanation" className="mt-1" />
            <div className="text-sm">
              <label htmlFor="field-requirePkce" className="font-medium text-slate-800">Require PKCE</label>
              <span id="field-requirePkce-explanation" className="ml-2 text-slate-500">Recommended: refuses authorization requests without an S256 code challenge.</span>
            </div>
          </div>
        </>
      )}

      <UriListField label="Post-logout redirect URIs" name="postLogoutRedirectUris" value={values.postLogoutRedirectUris} error={errors?.postLogoutRedirectUris}
        hint="Optional, one per line, same rules as redirect URIs: where users may land after signing out." />
      <Field label="Homepage URL" name="homepageUrl" type="url" defaultValue={values.homepageUrl} maxLength={2000} error={errors?.homepageUrl} hint="Optional, https." />
      <Field label="Logo URL" name="logoUrl" type="url" defaultValue={values.logoUrl} maxLength={2000} error={errors?.logoUrl} hint="Optional, https." />
      <Field label="Privacy policy URL" name="policyUrl" type="url" defaultValue={values.policyUrl} maxLength={2000} error={errors?.policyUrl} hint="Optional, https." />
    </>
  )
}
