import Link from 'next/link'
import QRCode from 'qrcode'
import { database } from '@/db/client'
import { safeReturnTo } from '@/lib/auth/accounts'
import { totpSetup } from '@/lib/factors/enrolment'
import { groupedSecret } from '@/lib/factors/totp'
import { Card } from '../../_ui/card'
import { requireUser } from '../../_server/session'
import { ConfirmTotpForm } from '../factor-forms'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Set up authenticator app · Gatehouse' }

export default async function AuthenticatorSetupPage({ searchParams }: { searchParams: Promise<{ return_to?: string | string[] }> }) {
  const { user } = await requireUser('/account/authenticator')
  const returnTo = safeReturnTo((await searchParams).return_to)
  const setup = await totpSetup(await database(), user)
  if (!setup) {
    return (
      <Card title="Set up authenticator app">
        <p className="text-sm">An authenticator app is already set up. <Link className="text-indigo-700 hover:underline" href="/account">Back to your account</Link></p>
      </Card>
    )
  }
  // Drawn here, on the server: the secret never goes to a third-party QR service.
  const svg = await QRCode.toString(setup.uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  return (
    <Card title="Set up authenticator app">
      <ol className="mb-4 list-decimal pl-5 text-sm text-slate-700">
        <li>Scan this QR code with your authenticator app, or type the secret into it.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL, nothing for the image optimiser */}
      <img src={`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`} alt="QR code for the authenticator app" width={192} height={192} className="mb-4 border border-slate-200" />
      <p className="mb-4 text-sm">Secret: <code data-testid="totp-secret" className="break-all font-mono">{groupedSecret(setup.secret)}</code></p>
      <ConfirmTotpForm returnTo={returnTo} />
    </Card>
  )
}
