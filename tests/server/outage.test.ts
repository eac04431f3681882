// While PostgreSQL is down, both serving modes answer fast and honestly (protocol endpoints 503
// JSON temporarily_unavailable + Retry-After, pages a styled 503 page), and they recover by
// themselves once it is back. A real cluster is stopped with pg_ctl mid-test and started again.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { startCluster, startServer, stopServer, timed, type RunningServer } from './servers'

const cluster = await startCluster()
process.env.DATABASE_URL = cluster.url
const { closeDatabase, database } = await import('../helpers/database')
const { basic, makeUser } = await import('../helpers/oauth')
const { machineClient } = await import('../helpers/tokens')

const OUTAGE_MS = 3000
const FAST_MS = 2000
let servers: RunningServer[] = []
let authorization = ''

before(async () => {
  await database() // migrates once, before the servers start
  const { client, secret } = await machineClient(await makeUser())
  authorization = basic(client.id, secret)
  servers = await Promise.all([startServer('lean', { DATABASE_URL: cluster.url }), startServer('next', { DATABASE_URL: cluster.url })])
})

after(async () => {
  await Promise.all(servers.map(stopServer))
  await closeDatabase().catch(() => {})
  await cluster.remove()
})

type Probe = { name: string; page: boolean; send: (base: string) => Promise<Awaited<ReturnType<typeof timed>>> }
const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
  body: new URLSearchParams(body).toString(),
})
const probes: Probe[] = [
  { name: 'POST /oauth/token', page: false, send: (base) => timed(`${base}/oauth/token`, form({ grant_type: 'client_credentials', scope: 'reports:read' })) },
  { name: 'POST /oauth/revoke', page: false, send: (base) => timed(`${base}/oauth/revoke`, form({ token: 'not-a-token-of-anyone' })) },
  { name: 'GET /api/health', page: false, send: (base) => timed(`${base}/api/health`) },
  { name: 'GET /login', page: true, send: (base) => timed(`${base}/login`) },
  { name: 'GET /account', page: true, send: (base) => timed(`${base}/account`) },
  { name: 'POST /login (server action)', page: true, send: (base) => timed(`${base}/login`, { method: 'POST', headers: { 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' }, body: '[]' }) },
]

describe('database outage', () => {
  it('protocol endpoints answer 503 within 2 s while the database is down, and pages answer a styled 503', async () => {
    for (const server of servers) for (const probe of probes) {
      const answer = await probe.send(server.url)
      assert.ok(answer.status > 0 && answer.status < 500, `${server.mode} ${probe.name} before the outage: ${answer.status}`)
    }
    await cluster.stop()
    const answers: { mode: string; name: string; page: boolean; status: number; ms: number; body: string; headers: Headers }[] = []
    const until = performance.now() + OUTAGE_MS
    while (performance.now() < until) {
      await Promise.all(servers.flatMap((server) => probes.map(async (probe) => {
        answers.push({ mode: server.mode, name: probe.name, page: probe.page, ...(await probe.send(server.url)) })
      })))
      await sleep(100)
    }
    const slowest = Math.max(...answers.map((answer) => answer.ms))
    console.log(`outage: ${answers.length} requests, ${answers.filter((a) => a.status === 503).length} × 503, slowest ${Math.round(slowest)} ms`)
    for (const answer of answers) {
      const label = `${answer.mode} ${answer.name}: ${answer.status} in ${Math.round(answer.ms)} ms`
      assert.ok(answer.ms < FAST_MS, label)
      // The token endpoint may still succeed from cached client data; nothing else may pass, and
      // nothing answers a 5xx other than 503.
      if (answer.status === 200 && answer.name === 'POST /oauth/token') continue
      assert.equal(answer.status, 503, label)
      assert.ok(Number(answer.headers.get('retry-after')) >= 1, `${label}: Retry-After`)
      if (answer.page) {
        assert.match(answer.headers.get('content-type') ?? '', /text\/html/, label)
        assert.match(answer.body, /Temporarily unavailable/, label)
        assert.match(answer.body, /Gatehouse/, label)
      } else if (answer.name !== 'GET /api/health') {
        assert.equal(JSON.parse(answer.body).error, 'temporarily_unavailable', label)
      }
    }
    for (const server of servers) for (const name of ['POST /oauth/revoke', 'GET /login']) {
      assert.ok(answers.some((a) => a.mode === server.mode && a.name === name && a.status === 503), `${server.mode} ${name} answered 503 at least once`)
    }
  })

  it('recover within 2 s of the database accepting connections', async () => {
    await cluster.start() // pg_ctl -w: returns once PostgreSQL accepts connections
    console.log(`database started at ${new Date().toISOString()}`)
    const started = performance.now()
    const entries = servers.flatMap((server) => probes.filter((probe) => !probe.name.includes('server action')).map((probe) => ({ server, probe })))
    // Each endpoint polled on its own: the time until its first good answer.
    const times = await Promise.all(entries.map(async ({ server, probe }) => {
      const log: string[] = []
      while (performance.now() - started < 10_000) {
        const answer = await probe.send(server.url)
        if (answer.status > 0 && answer.status < 500) return { label: `${server.mode} ${probe.name}`, ms: performance.now() - started, log }
        log.push(`${answer.status}/${Math.round(answer.ms)}`)
        await sleep(50)
      }
      return { label: `${server.mode} ${probe.name}`, ms: Infinity, log }
    }))
    const recovery = Math.max(...times.map((time) => time.ms))
    console.log(`recovery: ${Math.round(recovery)} ms (${times.map((time) => `${time.label} ${Math.round(time.ms)} ms [${time.log.join(' ')}]`).join(', ')})`)
    if (recovery > FAST_MS) for (const server of servers) console.log(`${server.mode} server output:\n${server.output()}`)
    const pending = times.filter((time) => time.ms === Infinity).map((time) => time.label)
    assert.deepEqual(pending, [], 'every endpoint answers again')
    assert.ok(recovery <= FAST_MS, `recovered in ${Math.round(recovery)} ms`)
  })
})
