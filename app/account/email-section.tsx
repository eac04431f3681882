import { database } from '@/db/client'
import type { User } from '@/db/schema'
import { addressToVerify } from '@/lib/auth/verification'
import { isEmailVerified } from '@/lib/auth/verified-email'
import { Button } from '../_ui/button'
import { ActionForm } from '../admin/action-form'
import { resendVerificationAction } from './email-actions'

/** Whether the account's address is confirmed, a change waiting for its link, and a resend button. */
export async function EmailVerificationStatus({ user }: { user: User }) {
  const waiting = await addressToVerify(await database(), user)
  return (
    <div className="mb-6 text-sm">
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
