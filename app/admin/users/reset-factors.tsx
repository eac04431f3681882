import { Button } from '../../_ui/button'
import { ActionForm } from '../action-form'
import { resetSecondFactorsAction } from './factor-actions'

/** For a user who lost their phone and recovery codes: removes every second factor (audited). */
export function ResetFactorsForm({ userId, username }: { userId: string; username: string }) {
  return (
    <ActionForm action={resetSecondFactorsAction} label={`Reset second factors of ${username}`}>
      <input type="hidden" name="userId" value={userId} />
      <Button type="submit" variant="secondary">Reset second factors<span className="sr-only"> of {username}</span></Button>
    </ActionForm>
  )
}
