// Tokens issued and failed logins per hour over the last 24 h, drawn on the server as inline SVG:
// no chart library and no client JavaScript.
import { chartMaximum, chartTicks, type HourBucket } from '@/lib/admin/activity-chart'
import { formatHour } from '../_ui/date'

const width = 720
const height = 220
const margin = { top: 10, right: 10, bottom: 28, left: 40 }
const plotWidth = width - margin.left - margin.right
const plotHeight = height - margin.top - margin.bottom

export function ActivityChart({ buckets }: { buckets: HourBucket[] }) {
  const maximum = chartMaximum(buckets)
  const slot = plotWidth / buckets.length
  const barWidth = Math.max(2, (slot - 4) / 2)
  const y = (value: number) => margin.top + plotHeight - (value / maximum) * plotHeight
  const totalTokens = buckets.reduce((sum, bucket) => sum + bucket.tokens, 0)
  const totalFailures = buckets.reduce((sum, bucket) => sum + bucket.failedLogins, 0)
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="activity-title activity-description" data-testid="activity-chart" className="h-auto w-full">
        <title id="activity-title">Tokens issued and failed logins per hour, last 24 hours (UTC)</title>
        <desc id="activity-description">{`${totalTokens} tokens issued or refreshed and ${totalFailures} failed logins in the last 24 hours.`}</desc>
        {chartTicks(maximum).map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#475569">{tick}</text>
          </g>
        ))}
        {buckets.map((bucket, index) => {
          const x = margin.left + index * slot + 2
          return (
            <g key={bucket.start.toISOString()}>
              <rect x={x} y={y(bucket.tokens)} width={barWidth} height={y(0) - y(bucket.tokens)} fill="#4f46e5">
                <title>{`${formatHour(bucket.start)} UTC: ${bucket.tokens} tokens`}</title>
              </rect>
              <rect x={x + barWidth} y={y(bucket.failedLogins)} width={barWidth} height={y(0) - y(bucket.failedLogins)} fill="#dc2626">
                <title>{`${formatHour(bucket.start)} UTC: ${bucket.failedLogins} failed logins`}</title>
              </rect>
              {index % 6 === 0 ? <text x={x} y={height - 8} fontSize="11" fill="#475569">{formatHour(bucket.start)}</text> : null}
            </g>
          )
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
        <span><span aria-hidden="true" className="mr-1 inline-block h-3 w-3 bg-indigo-600" />Tokens issued ({totalTokens})</span>
        <span><span aria-hidden="true" className="mr-1 inline-block h-3 w-3 bg-red-600" />Failed logins ({totalFailures})</span>
      </figcaption>
    </figure>
  )
}
