// For tests that run Gatehouse's code in their own process: a loopback mailbox its mail goes to.
import { reloadConfig } from '@/lib/config'
import { mailSettled } from '@/lib/mail/transport'
import { startMailbox, type Mailbox } from './mailbox'

/** Starts a mailbox and points SMTP_URL (and any other `settings`) at it, configuration reloaded.
 * `close` waits for mail still being sent first. */
export async function startGatehouseMailbox(settings: Record<string, string> = {}): Promise<Mailbox> {
  const mailbox = await startMailbox()
  Object.assign(process.env, settings, { SMTP_URL: mailbox.url })
  reloadConfig()
  return {
    ...mailbox,
    close: async () => {
      await mailSettled()
      await mailbox.close()
    },
  }
}
