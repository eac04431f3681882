// Per-request deadlines: no work outlives its request. A protocol request runs inside a deadline
// (REQUEST_DEADLINE_MS); when it passes, or the client goes away, the client gets 503 at once and
// the request's database work may no longer start or commit (db/client.ts checks before BEGIN,
// bounds every statement by the time left, and checks again before COMMIT).
import { AsyncLocalStorage } from 'node:async_hooks'
import type { ProtocolRequest } from './contract'

/** Thrown when work would start or commit after its request's deadline (or after the client left). */
export class DeadlineExceededError extends Error {
  readonly code = 'DEADLINE_EXCEEDED'
  constructor() {
    super('The request deadline has passed')
  }
}

interface Deadline {
  expiresAt: number
  /** Set when the deadline fired or the client disconnected: nothing may commit from then on. */
  over: boolean
  clientGone: (() => boolean) | undefined
}

// One store per process: the lean server's bundle and Next's bundles each load this module, and
// whichever bundle opened the database must see the deadline set by the other's endpoints.
const storage = ((globalThis as unknown as { __gatehouseDeadlines?: AsyncLocalStorage<Deadline> }).__gatehouseDeadlines ??= new AsyncLocalStorage<Deadline>())

/** Milliseconds left for the current request's work; undefined outside a request deadline. */
export function remainingMs(): number | undefined {
  const deadline = storage.getStore()
  if (!deadline) return undefined
  if (!deadline.over && deadline.clientGone?.()) deadline.over = true
  return deadline.over ? 0 : Math.max(0, deadline.expiresAt - performance.now())
}

/** Throws DeadlineExceededError when the current request's deadline has passed. */
export function assertBeforeDeadline(): void {
  const remaining = remainingMs()
  if (remaining !== undefined && remaining <= 0) throw new DeadlineExceededError()
}

/**
 * Runs a request handler under a deadline of `ms`. The answer is the handler's, or a
 * DeadlineExceededError thrown when the deadline passes first (the handler may still be
 * running then; its transactions refuse to commit). A client that went away (`request.signal`
 * aborted, or the lean server's `clientGone` check) ends the deadline, so abandoned work never
 * commits later.
 */
export function runWithDeadline<T>(ms: number, request: Pick<ProtocolRequest, 'signal' | 'clientGone'>, work: () => Promise<T>): Promise<T> {
  const { signal, clientGone } = request
  const deadline: Deadline = { expiresAt: performance.now() + ms, over: false, clientGone }
  return new Promise<T>((resolve, reject) => {
    const expire = () => {
      deadline.over = true
      clearTimeout(timer)
      reject(new DeadlineExceededError())
    }
    const timer = setTimeout(expire, ms)
    const abortable = signal && !signal.aborted ? signal : undefined
    abortable?.addEventListener('abort', expire, { once: true })
    if (signal?.aborted) expire()
    storage.run(deadline, work).then((value) => {
      clearTimeout(timer)
      abortable?.removeEventListener('abort', expire)
      resolve(value)
    }, (error: unknown) => {
      clearTimeout(timer)
      abortable?.removeEventListener('abort', expire)
      reject(error)
    })
  })
}
