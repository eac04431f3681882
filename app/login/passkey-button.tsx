'use client'
import { startAuthentication } from '@simplewebauthn/browser'
import { useState } from 'react'
import { Button } from '../_ui/button'
import { FormMessage } from '../_ui/card'
import { beginPasskeySecondStep, beginPasskeySignIn, finishPasskeySecondStep, finishPasskeySignIn } from './passkey-actions'

/** "Sign in with a passkey" on /login, or the passkey as the second step. */
export function PasskeyButton({ step, returnTo = '/account' }: { step: 'first' | 'second'; returnTo?: string }) {
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  async function run() {
    setBusy(true)
    setError(undefined)
    try {
      const options = step === 'first' ? await beginPasskeySignIn(returnTo) : await beginPasskeySecondStep()
      if ('error' in options) return setError(options.error)
      const response = await startAuthentication({ optionsJSON: options })
      // On success the action redirects; it returns only with an error.
      const outcome = step === 'first' ? await finishPasskeySignIn(response) : await finishPasskeySecondStep(response)
      if (outcome?.error) setError(outcome.error)
    } catch (caught) {
      // The browser's own refusal (cancelled, no passkey, timed out) arrives as an exception.
      if (caught instanceof Error && caught.message.includes('NEXT_REDIRECT')) throw caught
      setError('The passkey was not used. Try again, or use another way to sign in.')
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="mt-4">
      <FormMessage error={error} />
      <Button type="button" variant="secondary" onClick={run} disabled={busy}>{step === 'first' ? 'Sign in with a passkey' : 'Use a passkey'}</Button>
    </div>
  )
}
