// A session's User-Agent header as people say it: "Firefox on Windows". Parsed by a maintained
// library (ua-parser-js) rather than hand-written patterns that age with every browser release.
import { UAParser } from 'ua-parser-js'

// The header is client-supplied: only a bounded prefix is parsed or shown.
const MAX_PARSED_LENGTH = 512
const MAX_SHOWN_LENGTH = 60

// Versions are left out: browsers freeze the system version they report (macOS "10.15.7", Windows "10").
const systemNames: Record<string, string> = { 'Mac OS': 'macOS', 'Chromium OS': 'ChromeOS' }

/** "Browser on system", or as much as is known; an unrecognised client by the start of its header. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device'
  const header = userAgent.slice(0, MAX_PARSED_LENGTH)
  const parsed = new UAParser(header).getResult()
  const browser = parsed.browser.name
  const system = parsed.os.name ? systemNames[parsed.os.name] ?? parsed.os.name : undefined
  if (browser && system) return `${browser} on ${system}`
  if (browser) return browser
  if (system) return `A browser on ${system}`
  return header.length > MAX_SHOWN_LENGTH ? `${header.slice(0, MAX_SHOWN_LENGTH)}…` : header
}
