import { database } from '@/db/client'
import type { User } from '@/db/schema'
import { addressToVerify, verificationMessages } from '@/lib/auth/verification'
import { isEmailVerified } from '@/lib/auth/verified-email'
import { Button } from '../_ui/button'
import { ActionForm } from '../admin/action-form'
import { resendVerificationAction } from './email-actions'

/** Whether the account's address is confirmed, a change waiting for its link, and a resend button. */
export async function EmailVerificationStatus({ user, required = false }: { user: User; required?: boolean }) {
  const waiting = await addressToVerify(await database(), user)
  return (
    <div className="mb-6 text-sm">
      {required && !isEmailVerified(user) ? <p role="alert" className="mb-3 rounded-md bg-amber-50 p-3 text-amber-900">{verificationMessages.required}</p> : null}
      <p className="mb-2" role="status">
        {isEmailVerified(user) ? <>Your email address <strong>{user.email}</strong> is confirmed.</> : <>Your email address <strong>{user.email}</strong> is not confirmed yet.</>}
        {waiting?.change ? <> A change to <strong>{waiting.email}</strong> is waiting for you to follow the link mailed to it.</> : null}
      </p>
      {waiting ? (
        <ActionForm action={resendVerificationAction} label="Resend confirmation">
          <Button type="submit" variant="secondary">Resend confirmation link</Button>
        </ActionForm>
      ) : null}
    </div>
  )
}
