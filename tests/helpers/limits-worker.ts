// A second Gatehouse "instance" for race tests: its own process, its own database connections
// and its own process caches, on the PostgreSQL of DATABASE_URL. Waits until `startAt` (epoch
// ms), sends every client authentication at once, prints each verdict as one JSON line.
//   tsx tests/helpers/limits-worker.ts '{"startAt":…,"ip":"…","attempts":[{"clientId":"…","secret":"…"}]}'
import { closeDatabase, database } from '@/db/client'
import { authenticateClient } from '@/lib/oauth/client-auth'
import { OAuthError } from '@/lib/oauth/errors'
import { basic } from './oauth'
import { HeaderMap } from '@/lib/contract'

interface Job { startAt: number; ip: string; attempts: { clientId: string; secret: string }[] }

export async function clientAuthVerdicts(job: Job): Promise<string[]> {
  const db = await database()
  await db.execute('select 1') // connect before the start line, as a running instance would be
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, job.startAt - Date.now())))
  return Promise.all(job.attempts.map(async ({ clientId, secret }) => {
    const request = { method: 'POST', url: '/oauth/token', headers: new HeaderMap([['Authorization', basic(clientId, secret)]]), body: new Uint8Array(), clientAddress: '127.0.0.1' }
    try {
      await authenticateClient(db, request, {}, { ip: job.ip })
      return 'accepted'
    } catch (error) {
      if (error instanceof OAuthError && error.code === 'invalid_client') return error.detail === 'throttled' ? 'throttled' : 'failed'
      throw error
    }
  }))
}

if (process.argv[1]?.endsWith('limits-worker.ts')) {
  clientAuthVerdicts(JSON.parse(process.argv[2]) as Job)
    .then((verdicts) => { process.stdout.write(JSON.stringify(verdicts) + '\n') })
    .finally(() => closeDatabase())
}
