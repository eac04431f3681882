// Server-side only (it re-renders a page): kept apart from form.ts, which client forms import.
import { revalidatePath } from 'next/cache'
import type { Result } from '@/lib/result'
import type { FormState } from './form'

/** A settled form: the errors (with the values to show again), or the success message after the
 * page at `path` is re-rendered with the change. */
export function formAnswer(result: Result, success: string, path: string, values?: Record<string, string>): FormState {
  if (!result.ok) return { errors: result.errors, values }
  revalidatePath(path)
  return { success }
}
