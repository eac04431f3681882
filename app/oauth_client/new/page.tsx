import { redirect } from 'next/navigation'

// Compatibility alias kept from the systems Gatehouse replaces (SPEC §4).
export default function LegacyNewClientPage(): never {
  redirect('/clients/new')
}
