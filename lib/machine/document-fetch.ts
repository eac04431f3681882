// Fetching a client ID metadata document without becoming an SSRF proxy: https only, every
// resolved address checked (lib/machine/address-policy.ts) and the connection pinned to the
// checked address (no DNS rebinding between check and connect), a size and time bound, and
// redirects followed only within the same origin.
import { lookup } from 'node:dns/promises'
import { request as httpsRequest, type RequestOptions } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { addressProblem } from './address-policy'
import { parseUrl } from '../url'

export const MAX_DOCUMENT_BYTES = 16 * 1024
const MAX_REDIRECTS = 3

export class DocumentFetchError extends Error {}

export interface FetchedDocument { body: string; cacheControl: string | null }

export interface FetchLimits { timeoutMs: number; allowLoopback: boolean; maxBytes?: number; ca?: string | Buffer | string[] }

/** The https URL problem of a document location, or null. */
export function documentUrlProblem(value: string): string | null {
  const url = parseUrl(value)
  if (!url) return 'not a URL'
  if (url.protocol !== 'https:') return 'not https'
  if (url.username || url.password) return 'has userinfo'
  if (url.hash || value.includes('#')) return 'has a fragment'
  return null
}

async function vettedAddress(hostname: string, allowLoopback: boolean): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true }).catch(() => {
    throw new DocumentFetchError('host does not resolve')
  })
  if (addresses.length === 0) throw new DocumentFetchError('host does not resolve')
  // Every address must pass: a name with one public and one private address is refused.
  for (const candidate of addresses) {
    const problem = addressProblem(candidate.address, allowLoopback)
    if (problem) throw new DocumentFetchError(`refused ${problem}`)
  }
  return addresses[0]
}

function getOnce(url: URL, pinned: { address: string; family: number }, limits: FetchLimits, signal: AbortSignal): Promise<{ status: number; location: string | null; contentType: string; cacheControl: string | null; body: string }> {
  const maxBytes = limits.maxBytes ?? MAX_DOCUMENT_BYTES
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }])
    else callback(null, pinned.address, pinned.family)
  }
  const options: RequestOptions = {
    method: 'GET',
    headers: { accept: 'application/json', 'user-agent': 'Gatehouse' },
    lookup: pinnedLookup,
    signal,
    ca: limits.ca,
    agent: false,
  }
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, options, (response) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBytes) {
          request.destroy()
          reject(new DocumentFetchError('document too large'))
          return
        }
        chunks.push(chunk)
      })
      response.on('end', () => resolve({
        status: response.statusCode ?? 0,
        location: typeof response.headers.location === 'string' ? response.headers.location : null,
        contentType: String(response.headers['content-type'] ?? ''),
        cacheControl: typeof response.headers['cache-control'] === 'string' ? response.headers['cache-control'] : null,
        body: Buffer.concat(chunks).toString('utf8'),
      }))
      response.on('error', (error) => reject(new DocumentFetchError(`read failed: ${error.message}`)))
    })
    request.on('error', (error) => reject(signal.aborted ? new DocumentFetchError('timed out') : new DocumentFetchError(`fetch failed: ${error.message}`)))
    request.end()
  })
}

/** The document at `location`, or DocumentFetchError with the reason (for logs, not for clients). */
export async function fetchDocument(location: string, limits: FetchLimits): Promise<FetchedDocument> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  let url = new URL(location)
  for (let hop = 0; ; hop++) {
    const problem = documentUrlProblem(url.toString())
    if (problem) throw new DocumentFetchError(`location ${problem}`)
    const pinned = await vettedAddress(url.hostname, limits.allowLoopback)
    if (signal.aborted) throw new DocumentFetchError('timed out')
    const response = await getOnce(url, pinned, limits, signal)
    if ([301, 302, 303, 307, 308].includes(response.status) && response.location) {
      const next = new URL(response.location, url)
      if (next.origin !== url.origin) throw new DocumentFetchError('redirect to another host')
      if (hop + 1 > MAX_REDIRECTS) throw new DocumentFetchError('too many redirects')
      url = next
      continue
    }
    if (response.status !== 200) throw new DocumentFetchError(`status ${response.status}`)
    if (response.contentType.split(';')[0].trim().toLowerCase() !== 'application/json') throw new DocumentFetchError('not application/json')
    return { body: response.body, cacheControl: response.cacheControl }
  }
}
