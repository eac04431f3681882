// Submits a page's server-action form the way a browser without JavaScript does: the page's own
// hidden fields plus ours, multipart, from our own origin. How the suite logs in over HTTP.
import { send, type RawResponse } from './raw-http'

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

/** Hidden inputs of the first form that has a field named `marker`. */
export function hiddenFields(html: string, marker: string): [string, string][] {
  for (const form of html.match(/<form[\s\S]*?<\/form>/g) ?? []) {
    if (!form.includes(`name="${marker}"`)) continue
    const fields: [string, string][] = []
    for (const input of form.match(/<input[^>]*>/g) ?? []) {
      if (!/type="hidden"/.test(input)) continue
      const name = /name="([^"]*)"/.exec(input)?.[1]
      if (name !== undefined) fields.push([decodeEntities(name), decodeEntities(/value="([^"]*)"/.exec(input)?.[1] ?? '')])
    }
    return fields
  }
  throw new Error(`no form with a field named ${marker}`)
}

export function multipart(fields: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${Date.now().toString(36)}`
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` }
}

export interface FormSubmission { port: number; path: string; cookie: string | null; marker: string; fields: [string, string][]; origin?: string }

/** Loads the page, then posts its form back with `fields` added. */
export async function submitForm(submission: FormSubmission): Promise<RawResponse> {
  const { port, path, cookie } = submission
  const cookieHeader: [string, string][] = cookie ? [['Cookie', cookie]] : []
  const page = await send(port, { method: 'GET', target: path, headers: cookieHeader })
  const { body, contentType } = multipart([...hiddenFields(page.body.toString('utf8'), submission.marker), ...submission.fields])
  return send(port, {
    method: 'POST',
    target: path,
    headers: [...cookieHeader, ['Origin', submission.origin ?? `http://127.0.0.1:${port}`], ['Content-Type', contentType], ['Accept', 'text/html']],
    body,
  })
}

/** The name=value part of every Set-Cookie of a response, joined for a Cookie header. */
export function cookiesOf(response: RawResponse): string | null {
  const values = (response.headers.get('set-cookie') ?? []).map((line) => line.split(';')[0]).filter((pair) => !pair.endsWith('='))
  return values.length ? values.join('; ') : null
}
