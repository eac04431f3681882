// Bounded load generators: autocannon for single requests, and a small loop for the multi-step
// authorization code flow. Every run stops by itself after its duration.
import autocannon from 'autocannon'
import { createHash, randomBytes } from 'node:crypto'
import { basicAuthorization } from './net'

export interface Measurement { rps: number; p50: number; p99: number; non2xx: number; errors: number }

export interface LoadSpec {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** A fresh body per request (e.g. one refresh token each). */
  nextBody?: () => string
  connections: number
  durationSeconds: number
}

export async function measure(spec: LoadSpec): Promise<Measurement> {
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: spec.nextBody ? [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: spec.nextBody!() }) }] : undefined,
  } as autocannon.Options)
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

function percentile(sorted: number[], fraction: number): number {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]
}

export interface FlowSpec {
  origin: string
  clientId: string
  clientSecret: string
  redirectUri: string
  cookie: string
  concurrency: number
  durationSeconds: number
}

/** authorize (logged in, consent remembered) → code → token exchange, as fast as it goes. */
export async function measureFlows(spec: FlowSpec): Promise<Measurement> {
  const deadline = Date.now() + spec.durationSeconds * 1000
  const latencies: number[] = []
  let failures = 0
  const basic = basicAuthorization(spec.clientId, spec.clientSecret)
  async function worker(): Promise<void> {
    while (Date.now() < deadline) {
      const started = performance.now()
      try {
        const verifier = randomBytes(32).toString('base64url')
        const challenge = createHash('sha256').update(verifier).digest('base64url')
        const query = new URLSearchParams({ client_id: spec.clientId, redirect_uri: spec.redirectUri, response_type: 'code', scope: 'openid profile', state: 's', code_challenge: challenge, code_challenge_method: 'S256' })
        const authorize = await fetch(`${spec.origin}/oauth/authorize?${query}`, { headers: { cookie: spec.cookie }, redirect: 'manual' })
        await authorize.arrayBuffer()
        const location = authorize.headers.get('location')
        const code = location ? new URL(location, spec.origin).searchParams.get('code') : null
        if (!code) { failures++; continue }
        const token = await fetch(`${spec.origin}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: spec.redirectUri }).toString(),
        })
        await token.arrayBuffer()
        if (token.status !== 200) { failures++; continue }
        latencies.push(performance.now() - started)
      } catch {
        failures++
      }
    }
  }
  await Promise.all(Array.from({ length: spec.concurrency }, worker))
  latencies.sort((a, b) => a - b)
  return { rps: latencies.length / spec.durationSeconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), non2xx: failures, errors: 0 }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
