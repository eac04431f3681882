// The /admin chart: tokens issued and failed logins per hour over the last 24 hours, counted from
// audit_events and laid out here as plain numbers; the page draws them as inline SVG.
import type { Executor } from '@/db/client'
import { countEventsPerHour } from '@/db/queries/admin-audit'
import { currentTime } from '../clock'

export const TOKEN_EVENTS = ['token.issued', 'token.refreshed'] as const
export const FAILED_LOGIN_EVENTS = ['user.login_failed'] as const
const HOUR = 3_600_000

export interface HourBucket { start: Date; tokens: number; failedLogins: number }

/** 24 hourly buckets, oldest first, the last one being the current (partial) hour. */
export async function hourlyActivity(db: Executor, now = currentTime()): Promise<HourBucket[]> {
  const currentHour = Math.floor(now.getTime() / HOUR) * HOUR
  const first = currentHour - 23 * HOUR
  const buckets: HourBucket[] = Array.from({ length: 24 }, (_, index) => ({ start: new Date(first + index * HOUR), tokens: 0, failedLogins: 0 }))
  const rows = await countEventsPerHour(db, [...TOKEN_EVENTS, ...FAILED_LOGIN_EVENTS], new Date(first))
  for (const row of rows) {
    const bucket = buckets[Math.round((row.hour.getTime() - first) / HOUR)]
    if (!bucket) continue
    if ((TOKEN_EVENTS as readonly string[]).includes(row.event)) bucket.tokens += row.count
    else bucket.failedLogins += row.count
  }
  return buckets
}

/** A round upper bound for the y axis, so the scale reads 5, 10, 50, 100 rather than 37. */
export function chartMaximum(buckets: readonly HourBucket[]): number {
  const highest = Math.max(1, ...buckets.map((bucket) => Math.max(bucket.tokens, bucket.failedLogins)))
  const magnitude = 10 ** Math.floor(Math.log10(highest))
  for (const step of [1, 2, 5, 10]) if (highest <= step * magnitude) return step * magnitude
  return 10 * magnitude
}

/** The y-axis labels from 0 to the chart's maximum: whole numbers, evenly spaced, at most six
 * (a maximum of 5 reads 0 1 2 3 4 5, never 0 3 5). */
export function chartTicks(maximum: number): number[] {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(maximum)) - 1)
  const step = [1, 2, 5, 10, 20, 50].map((factor) => factor * magnitude).find((candidate) => maximum % candidate === 0 && maximum / candidate <= 5) ?? maximum
  return Array.from({ length: Math.round(maximum / step) + 1 }, (_, index) => index * step)
}
