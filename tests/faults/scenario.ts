// The fault scenario: two lean-server instances on one throwaway PostgreSQL 15 cluster, a bounded
// mixed load from this process over loopback, PostgreSQL stopped for 15 s and started again,
// later `kill -9` of one instance and its restart; then the database is read for what is left.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { freePort } from '../../bench/net'
import { Cluster, waitUntilAccepting } from './cluster'
import { elapsed, sleep } from './clock'
import { readDatabaseState } from './database-state'
import { computeFigures, figuresTable, type Figures, type Timeline } from './figures'
import { instancePair, type Instance } from './instances'
import { runLoad, type Family } from './load'
import { obtainFamily, seedCredentials, warmUp } from './setup'
import { Traffic } from './traffic'

const root = path.resolve(import.meta.dirname, '../..')
const AUTH_SECRET = 'faults-secret-that-is-long-enough-0123456789abcdef'
const FAMILIES = 8
const WARM_UP_MS = 8_000
const OUTAGE_MS = 15_000
/** From PostgreSQL accepting connections again to the kill -9. */
const BEFORE_KILL_MS = 12_000
/** Load after the killed instance is healthy again. */
const AFTER_RESTART_MS = 8_000
/** The whole load stays within 90 s, whatever happens. */
const LOAD_LIMIT_MS = 85_000
/** After the load ends, a refresh still being retried gets this long to succeed. */
const DRAIN_MS = 20_000
/** Pause between the end of the load and reading the database. */
const SETTLE_MS = 3_000

export interface Outcome {
  figures: Figures
  timeline: Timeline
  table: string
}

/** Everything this scenario started, stopped even when it fails or the process is interrupted. */
class Resources {
  cluster: Cluster | null = null
  instances: Instance[] = []
  logDirectory = mkdtempSync(path.join(tmpdir(), 'gatehouse-faults-logs-'))
  keepLogs = process.env.FAULTS_KEEP_LOGS === '1'

  /** The end of each instance's log (JSON lines, which never hold tokens or secrets). */
  logTails(): string {
    return this.instances.map((instance) => `--- last lines of instance ${instance.name}'s log\n${instance.tail(15)}`).join('\n')
  }

  release(): void {
    for (const instance of this.instances) instance.stopNow()
    this.cluster?.destroy()
    if (!this.keepLogs) rmSync(this.logDirectory, { recursive: true, force: true })
  }
}

export const resources = new Resources()
process.once('exit', () => resources.release())
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { resources.release(); process.exit(130) })

async function port(variable: string): Promise<number> {
  const configured = Number(process.env[variable])
  return Number.isInteger(configured) && configured > 0 ? configured : freePort()
}

export async function runScenario(log: (line: string) => void): Promise<Outcome> {
  const cluster = new Cluster(root, await port('FAULTS_PG_PORT'))
  resources.cluster = cluster
  const url = await cluster.start()
  log(`PostgreSQL 15 on 127.0.0.1:${cluster.port}`)
  const firstPort = await port('FAULTS_PORT')
  const [a, b] = instancePair(root, [firstPort, process.env.FAULTS_PORT ? firstPort + 1 : await freePort()], resources.logDirectory)
  resources.instances = [a, b]

  // One AUTH_SECRET and ISSUER for both instances and for the seeding done in this process.
  const shared = { DATABASE_URL: url, AUTH_SECRET, ISSUER: a.origin }
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, ...shared, LOG_LEVEL: 'warn' }
  delete serverEnv.DATA_DIR
  Object.assign(process.env, shared, { BCRYPT_COST: '4', LOG_LEVEL: 'warn' })
  const credentials = await seedCredentials()
  await Promise.all([a.start(serverEnv), b.start(serverEnv)])
  log(`instances A ${a.origin} and B ${b.origin} healthy`)

  const setupSql = postgres(url, { max: 1, onnotice: () => {} })
  const families: Family[] = []
  try {
    for (let index = 0; index < FAMILIES; index++) families.push(await obtainFamily(index % 2 ? b : a, credentials, index, setupSql))
  } finally {
    await setupSql.end({ timeout: 5 })
  }
  log(`${FAMILIES} refresh-token families obtained by authorization code + PKCE`)
  for (const instance of [a, b]) await warmUp(instance, credentials, families[0].accessToken)

  const traffic = new Traffic([a, b])
  const timeline = { loadStartedAt: elapsed() } as Timeline
  let stopped = false
  let giveUpAt = Infinity
  const endLoad = () => {
    if (stopped) return
    stopped = true
    timeline.loadEndedAt = elapsed()
    giveUpAt = elapsed() + DRAIN_MS
  }
  const limit = setTimeout(endLoad, LOAD_LIMIT_MS)
  const load = runLoad({ traffic, credentials, families, stopped: () => stopped, giveUpAt: () => giveUpAt })

  try {
    await sleep(WARM_UP_MS)
    log('stopping PostgreSQL (pg_ctl stop -m fast)')
    timeline.databaseStopIssuedAt = elapsed()
    await cluster.stop()
    timeline.databaseStoppedAt = elapsed()
    await sleep(OUTAGE_MS)
    log('starting PostgreSQL again on the same port')
    timeline.databaseStartIssuedAt = elapsed()
    const [acceptingAt] = await Promise.all([waitUntilAccepting(url, 60_000), cluster.start()])
    timeline.databaseAcceptingAt = acceptingAt

    await sleep(BEFORE_KILL_MS)
    // Killed while refreshes are in flight to it, where a committed rotation can lose its answer.
    const waitUntil = elapsed() + 3_000
    while (traffic.inFlightCount('refresh', b) === 0 && elapsed() < waitUntil) await sleep(1)
    timeline.refreshesInFlightAtKill = traffic.inFlightCount('refresh', b)
    timeline.instanceKilledAt = elapsed()
    await b.crash()
    log(`kill -9 of instance B (${timeline.refreshesInFlightAtKill} refresh(es) in flight to it); restarting it`)
    timeline.instanceHealthyAgainAt = await b.start(serverEnv)
    await sleep(AFTER_RESTART_MS)
  } finally {
    clearTimeout(limit)
    endLoad()
    await load
  }

  // Work a client abandoned may still be running on a server; what it changes late counts too.
  await sleep(SETTLE_MS)
  const state = await readDatabaseState(url, credentials.clientId, families)
  // Every request as recorded (no tokens: kind, instance, times, status), for a closer look.
  writeFileSync(path.join(resources.logDirectory, 'requests.json'), JSON.stringify({ timeline, samples: traffic.samples }))
  const figures = computeFigures(traffic.samples, timeline, families, state.grants, state.usableFamilyTokens, [a.name, b.name])
  return {
    figures,
    timeline,
    table: figuresTable(figures, timeline, families.length),
  }
}
