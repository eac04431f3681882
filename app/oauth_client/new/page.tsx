import { redirect } from 'next/navigation'

// Compatibility alias: the systems Gatehouse replaces registered clients at this path.
export default function LegacyNewClientPage(): never {
  redirect('/clients/new')
}
