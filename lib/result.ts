// The one shape every change a user or operator asks for returns: success with its data, or the
// messages to show, keyed by form field (`form` for the form as a whole). Pages render `errors`
// next to the fields; the shell prints them as one line.
import type { z } from 'zod'

export type FieldErrors = Partial<Record<string, string>>
export type Failure = { ok: false; errors: FieldErrors }
export type Result<T extends object = object> = ({ ok: true } & T) | Failure

/** A refusal with one message, for the form as a whole unless a field is named. */
export function refused(message: string, field = 'form'): Failure {
  return { ok: false, errors: { [field]: message } }
}

/** The first problem zod found per field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= issue.message
  }
  return errors
}

export function invalidInput(error: z.ZodError): Failure {
  return { ok: false, errors: fieldErrors(error) }
}

/** A refusal's messages on one line, each but the form's prefixed with its field (for the shell). */
export function errorText(errors: FieldErrors): string {
  return Object.entries(errors).map(([field, message]) => field === 'form' ? message : `${field}: ${message}`).join(' ')
}
