// What the fault test measured, computed from the recorded requests and the fault timeline.
import type { Family } from './load'
import type { RequestKind, Sample } from './traffic'

export interface Timeline {
  loadStartedAt: number
  /** `pg_ctl stop -m fast` issued, and returned. */
  databaseStopIssuedAt: number
  databaseStoppedAt: number
  /** `pg_ctl start` issued, and the first `select 1` answered on a fresh connection. */
  databaseStartIssuedAt: number
  databaseAcceptingAt: number
  instanceKilledAt: number
  refreshesInFlightAtKill: number
  instanceHealthyAgainAt: number
  loadEndedAt: number
}

export interface GrantState {
  grantId: string
  revoked: boolean
  /** Refresh tokens neither rotated nor revoked nor expired. */
  usable: number
}

export interface Figures {
  requests: number
  requestsByKind: Record<string, number>
  serviceUnavailable: number
  slowestServiceUnavailableMs: number
  slowServiceUnavailable: Sample[]
  /** Answers 500–599 other than 503. */
  otherServerErrors: Sample[]
  timeouts: Sample[]
  networkErrors: number
  /** Requests sent while PostgreSQL was down, and the slowest of them. */
  duringOutage: number
  slowestDuringOutageMs: number
  slowDuringOutage: Sample[]
  /** Per instance: from PostgreSQL accepting connections to the first successful refresh. */
  recoveryMs: Record<string, number | null>
  familiesLost: { index: number; reason: string; at: number | null }[]
  grantsWithTwoUsableTokens: GrantState[]
  statusCounts: Record<RequestKind, Record<string, number>>
  slowestByKind: Record<string, number>
}

/** How long an answer may take while the database is away (503 or not). */
export const ANSWER_LIMIT_MS = 2000

const duration = (sample: Sample) => sample.endedAt - sample.sentAt

function maximum(values: number[]): number {
  return values.reduce((largest, value) => Math.max(largest, value), 0)
}

export function computeFigures(samples: Sample[], timeline: Timeline, families: Family[], grants: GrantState[], usableFamilyTokens: Set<number>, instances: string[]): Figures {
  const unavailable = samples.filter((sample) => sample.status === 503)
  // Sent from the stop until PostgreSQL accepted connections again; a request sent earlier and
  // slow for other reasons (a busy machine) is not an answer of the outage.
  const duringOutage = samples.filter((sample) => sample.sentAt >= timeline.databaseStopIssuedAt && sample.sentAt <= timeline.databaseAcceptingAt)
  const recoveryMs: Record<string, number | null> = {}
  for (const instance of instances) {
    const first = samples
      .filter((sample) => sample.instance === instance && sample.kind === 'refresh' && sample.status === 200 && sample.endedAt > timeline.databaseStartIssuedAt)
      .reduce<Sample | null>((earliest, sample) => (earliest === null || sample.endedAt < earliest.endedAt ? sample : earliest), null)
    recoveryMs[instance] = first ? Math.max(0, first.endedAt - timeline.databaseAcceptingAt) : null
  }
  const grantById = new Map(grants.map((grant) => [grant.grantId, grant]))
  const familiesLost = families.flatMap((family) => {
    const grant = grantById.get(family.grantId)
    const reason = family.lost
      ?? (grant?.revoked ? 'its grant was revoked' : null)
      ?? (usableFamilyTokens.has(family.index) ? null : 'the refresh token the client holds is no longer usable')
    return reason ? [{ index: family.index, reason, at: family.lostAt }] : []
  })
  const statusCounts = {} as Record<RequestKind, Record<string, number>>
  const requestsByKind: Record<string, number> = {}
  const slowestByKind: Record<string, number> = {}
  for (const sample of samples) {
    requestsByKind[sample.kind] = (requestsByKind[sample.kind] ?? 0) + 1
    slowestByKind[sample.kind] = Math.max(slowestByKind[sample.kind] ?? 0, duration(sample))
    const counts = (statusCounts[sample.kind] ??= {})
    const key = sample.status === null ? sample.failure ?? 'no answer' : String(sample.status)
    counts[key] = (counts[key] ?? 0) + 1
  }
  return {
    requests: samples.length,
    requestsByKind,
    serviceUnavailable: unavailable.length,
    slowestServiceUnavailableMs: maximum(unavailable.map(duration)),
    slowServiceUnavailable: unavailable.filter((sample) => duration(sample) > ANSWER_LIMIT_MS),
    otherServerErrors: samples.filter((sample) => sample.status !== null && sample.status >= 500 && sample.status !== 503),
    timeouts: samples.filter((sample) => sample.failure === 'timeout'),
    networkErrors: samples.filter((sample) => sample.failure === 'network').length,
    duringOutage: duringOutage.length,
    slowestDuringOutageMs: maximum(duringOutage.map(duration)),
    slowDuringOutage: duringOutage.filter((sample) => duration(sample) > ANSWER_LIMIT_MS),
    recoveryMs,
    familiesLost,
    grantsWithTwoUsableTokens: grants.filter((grant) => !grant.revoked && grant.usable > 1),
    statusCounts,
    slowestByKind,
  }
}

const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`
const milliseconds = (value: number) => `${Math.round(value)} ms`

/** The figures as a plain table for the log. */
export function figuresTable(figures: Figures, timeline: Timeline, familyCount: number): string {
  const at = (moment: number) => seconds(moment - timeline.loadStartedAt)
  const recovery = Object.entries(figures.recoveryMs).map(([instance, value]) => `${instance} ${value === null ? 'never' : milliseconds(value)}`).join(', ')
  const describe = (sample: Sample) => `${sample.status ?? sample.failure} ${sample.kind} on ${sample.instance} after ${milliseconds(duration(sample))} at ${at(sample.sentAt)}`
  const listed = (samples: Sample[]) => samples.length ? `${samples.length}: ${samples.slice(0, 5).map(describe).join('; ')}${samples.length > 5 ? '; …' : ''}` : '0'
  const slowest = (samples: Sample[]) => [...samples].sort((first, second) => duration(second) - duration(first))
  const rows: [string, string][] = [
    ['requests sent', `${figures.requests} (${Object.entries(figures.requestsByKind).map(([kind, count]) => `${kind} ${count}`).join(', ')})`],
    ['503 answers', String(figures.serviceUnavailable)],
    ['slowest 503', milliseconds(figures.slowestServiceUnavailableMs)],
    ['503 slower than 2 s', listed(slowest(figures.slowServiceUnavailable))],
    ['5xx other than 503', listed(figures.otherServerErrors)],
    ['client timeouts (10 s)', String(figures.timeouts.length)],
    ['network errors (killed instance)', String(figures.networkErrors)],
    ['requests sent during the outage', `${figures.duringOutage}, slowest ${milliseconds(figures.slowestDuringOutageMs)}`],
    ['of them slower than 2 s', listed(slowest(figures.slowDuringOutage))],
    ['recovery after PostgreSQL accepts', recovery],
    ['refresh families lost', `${figures.familiesLost.length} of ${familyCount}${figures.familiesLost.map((lost) => `; #${lost.index}${lost.at === null ? '' : ` at ${at(lost.at)}`}: ${lost.reason}`).join('')}`],
    ['grants with two usable refresh tokens', String(figures.grantsWithTwoUsableTokens.length)],
    ['PostgreSQL down', `${at(timeline.databaseStopIssuedAt)} → ${at(timeline.databaseAcceptingAt)} (stopped ${at(timeline.databaseStoppedAt)}, start issued ${at(timeline.databaseStartIssuedAt)})`],
    ['kill -9 of instance B', `${at(timeline.instanceKilledAt)} with ${timeline.refreshesInFlightAtKill} refresh(es) in flight to it; healthy again ${at(timeline.instanceHealthyAgainAt)}`],
    ['load', `${seconds(timeline.loadEndedAt - timeline.loadStartedAt)}`],
  ]
  const width = Math.max(...rows.map(([name]) => name.length))
  const statusLines = Object.entries(figures.statusCounts).map(([kind, counts]) => `  ${kind.padEnd(width)} | ${Object.entries(counts).map(([status, count]) => `${status}: ${count}`).join(', ')}; slowest ${milliseconds(figures.slowestByKind[kind])}`)
  return [
    'Fault test figures',
    ...rows.map(([name, value]) => `  ${name.padEnd(width)} | ${value}`),
    'Answers by kind (status: count; timeouts and network errors by name)',
    ...statusLines,
  ].join('\n')
}
