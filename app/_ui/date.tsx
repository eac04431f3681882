// One way to write a moment across the product: "30 Nov 2026, 07:15 UTC" (day, short month,
// year, 24-hour clock, always UTC), in a <time> element carrying the exact instant. Pages are
// rendered on the server, which cannot know the reader's zone; UTC said out loud is never wrong.
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })
const secondsFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })

/** "30 Nov 2026" */
export function formatDate(date: Date): string {
  return dateFormat.format(date)
}

/** "30 Nov 2026, 07:15 UTC", or with seconds where events are close together (the audit log). */
export function formatDateTime(date: Date, options: { seconds?: boolean } = {}): string {
  return `${dateFormat.format(date)}, ${(options.seconds ? secondsFormat : timeFormat).format(date)} UTC`
}

/** "07:15" (UTC), for chart axes whose caption says UTC. */
export function formatHour(date: Date): string {
  return timeFormat.format(date)
}

export function DateTime({ value, dateOnly = false, seconds = false }: { value: Date; dateOnly?: boolean; seconds?: boolean }) {
  return <time dateTime={value.toISOString()} title={value.toISOString()}>{dateOnly ? formatDate(value) : formatDateTime(value, { seconds })}</time>
}
