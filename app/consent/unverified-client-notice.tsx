import { database } from '@/db/client'
import { clientTrust } from '@/lib/machine/trust'

/** For a self-registered client no administrator has verified: says so before anything else,
 * with the host the browser will be sent to in large type, since that is all that is known. */
export async function UnverifiedClientNotice({ clientId, clientName, redirectHost }: { clientId: string; clientName: string; redirectHost: string }) {
  const trust = await clientTrust(await database(), clientId)
  if (trust.verified) return null
  return (
    <div role="note" aria-label="Unverified application" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="consent-unverified">
      <p className="font-semibold">Unverified application</p>
      <p className="mt-1">
        &ldquo;{clientName}&rdquo; registered itself with Gatehouse and is unverified: no administrator has checked who runs it.
        Its name was chosen by whoever registered it. Continue only if you trust the site it returns you to:
      </p>
      <p className="mt-2 break-all font-mono text-lg font-semibold" data-testid="consent-unverified-host">{redirectHost}</p>
    </div>
  )
}
