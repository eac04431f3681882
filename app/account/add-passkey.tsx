'use client'
import { startRegistration } from '@simplewebauthn/browser'
import { useState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { Field } from '../_ui/field'
import { RecoveryCodeList } from './factor-forms'
import { beginPasskeyRegistration, finishPasskeyRegistration, type RegistrationOutcome } from './passkey-actions'

export function AddPasskey() {
  const [outcome, setOutcome] = useState<RegistrationOutcome>({})
  const [busy, setBusy] = useState(false)
  async function add(form: FormData) {
    setBusy(true)
    setOutcome({})
    try {
      const name = String(form.get('name') ?? '').trim()
      if (!name) return setOutcome({ nameError: 'Name the passkey.' })
      const response = await startRegistration({ optionsJSON: await beginPasskeyRegistration() })
      setOutcome(await finishPasskeyRegistration(response, name))
    } catch {
      setOutcome({ error: 'The passkey was not created. Try again.' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <form action={add} aria-label="Add passkey" className="mt-2">
      <FormMessage error={outcome.error} success={outcome.added ? `Passkey “${outcome.added}” added.` : undefined} />
      {outcome.recoveryCodes ? <RecoveryCodeList codes={outcome.recoveryCodes} /> : null}
      <Field label="Passkey name" name="name" maxLength={64} required hint="For example: work laptop, phone." error={outcome.nameError} />
      <Button type="submit" variant="secondary" disabled={busy}>Add passkey</Button>
    </form>
  )
}
