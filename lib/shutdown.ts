// A graceful stop, after the server has stopped accepting and its in-flight requests are done (or
// out of time): finish the mails being sent, write the batched audit rows, stop the periodic cleanup, close the pool. Both
// serving modes call it (server/index.ts for `npm start`, instrumentation.ts for `next start`).
import { closeDatabase } from '@/db/client'
import { flushAudit } from './audit'
import { stopCleanupSchedule } from './cleanup'
import { log } from './log'
import { mailSettled } from './mail/transport'

/** How long in-flight requests may still run after SIGTERM before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000

const holder = globalThis as unknown as { __gatehouseReleased?: Promise<void> }

/** Flushes and closes everything once per process, however many signal handlers ask. */
export function releaseResources(): Promise<void> {
  holder.__gatehouseReleased ??= (async () => {
    stopCleanupSchedule()
    // Mails already promised to a user ("a reset link is on its way") go out before the pool closes.
    await Promise.race([mailSettled(), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())])
    const flushed = await flushAudit()
    if (!flushed) log.error('audit rows could not be written before stopping')
    await closeDatabase().catch((error: unknown) => log.warn('closing the database failed', { error }))
    log.info('gatehouse stopped')
  })()
  return holder.__gatehouseReleased
}
