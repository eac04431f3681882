import type { PendingApplication } from '@/lib/oauth/pending-application'

/** Names the application a login or sign-up continues to, and who made it. */
export function PendingApplicationNotice({ application, action }: { application: PendingApplication; action: string }) {
  return (
    <div className="mb-4 rounded-md border border-indigo-100 bg-indigo-50 p-3 text-sm text-slate-800" data-testid="pending-application">
      <p><strong className="break-words">{application.name}</strong> asks you to {action} with your Gatehouse account.</p>
      <p className="text-slate-600">Made by <span className="break-words">{application.developer}</span>.</p>
    </div>
  )
}
