import { database } from '@/db/client'
import { listUserUpstreamLinks } from '@/db/queries/upstream'
import type { User } from '@/db/schema'
import { hasPassword } from '@/lib/upstream/accounts'
import { listProviders } from '@/lib/upstream/providers'
import Link from 'next/link'
import { Button } from '../_ui/button'
import { Card } from '../_ui/card'
import { linkUpstreamAction } from './upstream-actions'
import { UnlinkUpstreamForm } from './upstream-unlink-form'

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** Linked sign-in providers with Unlink, and a Link button for each enabled one not linked yet. */
export async function UpstreamSection({ user }: { user: User }) {
  const db = await database()
  const [links, providers] = await Promise.all([listUserUpstreamLinks(db, user.id), listProviders(db)])
  const linkable = providers.filter((provider) => provider.enabled && !links.some((link) => link.providerId === provider.id))
  if (links.length === 0 && linkable.length === 0) return null
  const nameOf = (id: string) => providers.find((provider) => provider.id === id)?.name ?? id
  return (
    <Card title="Sign-in providers">
      {links.length === 0 ? <p className="mb-4 text-sm text-slate-500">No provider is linked to your account.</p> : null}
      {hasPassword(user) ? null : (
        <p className="mb-4 text-sm text-slate-600">
          Your account has no password: you sign in through a provider. To set one, use <Link className="text-indigo-700 hover:underline" href="/forgot-password">Forgot password?</Link>
        </p>
      )}
      <ul className="mb-4 divide-y divide-slate-200" aria-label="Linked providers">
        {links.map((link) => (
          <li key={link.providerId} className="flex items-center justify-between gap-4 py-3 text-sm">
            <div>
              <div className="font-medium">{nameOf(link.providerId)}</div>
              <div className="text-slate-500">{link.email ?? 'no email shared'} · last used {dateFormat.format(link.lastUsedAt)} UTC</div>
            </div>
            <UnlinkUpstreamForm providerId={link.providerId} providerName={nameOf(link.providerId)} />
          </li>
        ))}
      </ul>
      {linkable.map((provider) => (
        <form key={provider.id} action={linkUpstreamAction} className="mb-2">
          <input type="hidden" name="provider" value={provider.id} />
          <Button type="submit" variant="secondary">Link {provider.name}</Button>
        </form>
      ))}
    </Card>
  )
}
