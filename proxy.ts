// Runs before every page and server action (not static assets, not the machine endpoints, which
// answer their own 503 JSON): a styled 503 instead of a page that would fail halfway.
import { unavailablePageIfDatabaseDown } from '@/lib/unavailable-page'

export async function proxy(): Promise<Response | undefined> {
  return unavailablePageIfDatabaseDown()
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/|\\.well-known/|oauth/token|oauth/revoke|oauth/introspect|oauth/userinfo).*)'],
}
