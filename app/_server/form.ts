import type { FieldErrors } from '@/lib/result'

/** What a server action hands back to its form: per-field errors, or a success message. */
export interface FormState { errors?: FieldErrors; success?: string; values?: Record<string, string> }

export const emptyFormState: FormState = {}

/** Reads a string field of a submitted form; files and absent fields read as ''. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}
