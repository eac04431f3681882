// bcrypt in worker threads. bcryptjs blocks the event loop for the whole hash (≈ 230 ms at cost
// 12), even through its async API: on the main thread every other request would
// wait behind each login. A small pool keeps logins off the request path.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import bcrypt from 'bcryptjs'
import { config } from '@/lib/config'

type Job = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string }
interface Pending { job: Job; worker: Worker; resolve: (value: string | boolean) => void; reject: (error: Error) => void }

function runInProcess(job: Job): Promise<string | boolean> {
  return job.op === 'hash' ? bcrypt.hash(job.password, job.cost) : bcrypt.compare(job.password, job.hash)
}

const workerSource = `
const { parentPort } = require('node:worker_threads')
const bcrypt = require('bcryptjs')
parentPort.on('message', (job) => {
  const run = job.op === 'hash' ? bcrypt.hash(job.password, job.cost) : bcrypt.compare(job.password, job.hash)
  run.then((result) => parentPort.postMessage({ id: job.id, result }), (error) => parentPort.postMessage({ id: job.id, error: String(error && error.message || error) }))
})
`

interface Pool { workers: { worker: Worker; busy: number }[]; pending: Map<number, Pending>; nextId: number; broken: boolean }
const holder = globalThis as unknown as { __gatehouseBcryptPool?: Pool }

export function bcryptWorkerCount(): number {
  return config().BCRYPT_WORKERS ?? Math.max(1, availableParallelism() - 1)
}

function pool(): Pool | null {
  if (holder.__gatehouseBcryptPool) return holder.__gatehouseBcryptPool.broken ? null : holder.__gatehouseBcryptPool
  const state: Pool = { workers: [], pending: new Map(), nextId: 1, broken: false }
  holder.__gatehouseBcryptPool = state
  const count = bcryptWorkerCount()
  if (count === 0) { state.broken = true; return null }
  try {
    for (let index = 0; index < count; index++) {
      const worker = new Worker(workerSource, { eval: true })
      worker.on('message', (message: { id: number; result?: string | boolean; error?: string }) => {
        const job = state.pending.get(message.id)
        if (!job) return
        state.pending.delete(message.id)
        const slot = state.workers.find((entry) => entry.worker === worker)
        if (slot && --slot.busy === 0) worker.unref()
        if (message.error !== undefined) job.reject(new Error(message.error))
        else job.resolve(message.result!)
      })
      worker.on('error', () => {
        state.broken = true
        // Jobs this worker had taken would otherwise never settle (a login hanging): they run
        // in this thread instead, as every job does once the pool is broken.
        for (const [id, job] of state.pending) {
          if (job.worker !== worker) continue
          state.pending.delete(id)
          runInProcess(job.job).then(job.resolve, job.reject)
        }
      })
      // An idle worker never keeps a CLI or a test process alive (ref'd only while it has work;
      // unref after the listeners, as adding one re-refs).
      worker.unref()
      state.workers.push({ worker, busy: 0 })
    }
  } catch {
    state.broken = true
    return null
  }
  return state
}

function runInPool(job: Job): Promise<string | boolean> | null {
  const state = pool()
  if (!state) return null
  const slot = state.workers.reduce((least, entry) => (entry.busy < least.busy ? entry : least))
  const id = state.nextId++
  if (slot.busy++ === 0) slot.worker.ref()
  return new Promise((resolve, reject) => {
    state.pending.set(id, { job, worker: slot.worker, resolve, reject })
    slot.worker.postMessage({ ...job, id })
  })
}

function run(job: Job): Promise<string | boolean> {
  return runInPool(job) ?? runInProcess(job)
}

export async function bcryptHash(password: string, cost: number): Promise<string> {
  return (await run({ op: 'hash', password, cost })) as string
}

export async function bcryptCompare(password: string, hash: string): Promise<boolean> {
  return (await run({ op: 'compare', password, hash })) as boolean
}
