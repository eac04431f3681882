// Requests as a real client sends them, each one recorded: what, to which instance, when it was
// sent, when its answer (or failure) arrived.
import { elapsed } from './clock'
import type { Instance } from './instances'

export type RequestKind = 'refresh' | 'client_credentials' | 'resource' | 'login page' | 'account page'

/** A real client gives up after 10 s. */
export const CLIENT_TIMEOUT_MS = 10_000

export interface Sample {
  kind: RequestKind
  instance: string
  sentAt: number
  endedAt: number
  /** HTTP status, or null when no answer came. */
  status: number | null
  failure?: 'timeout' | 'network'
}

export interface Answer {
  status: number | null
  body: string
}

export class Traffic {
  readonly samples: Sample[] = []
  private readonly inFlight = new Map<string, number>()
  private turn = 0

  constructor(private readonly instances: Instance[]) {}

  /** Round robin over the instances, as a load balancer without health checks would. */
  nextInstance(): Instance {
    this.turn = (this.turn + 1) % this.instances.length
    return this.instances[this.turn]
  }

  inFlightCount(kind: RequestKind, instance: Instance): number {
    return this.inFlight.get(`${kind} ${instance.name}`) ?? 0
  }

  async send(kind: RequestKind, instance: Instance, path: string, init: RequestInit = {}): Promise<Answer> {
    const key = `${kind} ${instance.name}`
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1)
    const sentAt = elapsed()
    let answer: Answer
    let failure: Sample['failure']
    try {
      const response = await fetch(`${instance.origin}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) })
      answer = { status: response.status, body: await response.text() }
    } catch (error) {
      failure = error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'network'
      answer = { status: null, body: '' }
    }
    this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1)
    this.samples.push({ kind, instance: instance.name, sentAt, endedAt: elapsed(), status: answer.status, failure })
    return answer
  }
}
