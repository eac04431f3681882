import { database } from '@/db/client'
import { enabledProviders } from '@/lib/upstream/providers'
import { Button } from '../_ui/button'
import { continueWithUpstreamAction } from './upstream-actions'

/** One "Continue with {name}" button per enabled upstream provider; nothing when there are none. */
export async function UpstreamButtons({ returnTo }: { returnTo: string }) {
  const providers = await enabledProviders(await database())
  if (providers.length === 0) return null
  return (
    <div className="mt-6 border-t border-slate-200 pt-6" aria-label="Other ways to sign in" role="group">
      {providers.map((provider) => (
        <form key={provider.id} action={continueWithUpstreamAction} className="mb-2">
          <input type="hidden" name="provider" value={provider.id} />
          <input type="hidden" name="return_to" value={returnTo} />
          <Button type="submit" variant="secondary" className="w-full justify-center">Continue with {provider.name}</Button>
        </form>
      ))}
    </div>
  )
}
