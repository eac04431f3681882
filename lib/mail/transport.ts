// Outgoing mail: SMTP through nodemailer when SMTP_URL is set; otherwise each mail is written to
// the log (with its link, which is the whole point of the mail) so a local start needs no mail
// server. Mails are sent in the background: the answer to a request never waits for SMTP, so
// its timing says nothing about whether a mail was sent.
import { createTransport, type Transporter } from 'nodemailer'
import { config } from '../config'
import { log } from '../log'

export interface Mail {
  to: string
  subject: string
  text: string
  html: string
  /** The link the mail carries: the log line shows it when no SMTP server is configured. */
  link?: string
}

// One transport and one set of in-flight sends per process, shared by Next's bundle and the lean
// server's (each has its own copy of this module).
const holder = globalThis as unknown as { __gatehouseMail?: { url?: string; transport?: Transporter; inFlight: Set<Promise<void>> } }
function state() {
  holder.__gatehouseMail ??= { inFlight: new Set() }
  return holder.__gatehouseMail
}

// Bounded waits (nodemailer reads them from the URL's query): a stalled SMTP server must not pile
// up sends for ever. A value in SMTP_URL itself wins.
const SMTP_TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }

function transport(url: string): Transporter {
  const current = state()
  if (!current.transport || current.url !== url) {
    current.transport?.close()
    const options = new URL(url)
    for (const [name, value] of Object.entries(SMTP_TIMEOUTS_MS)) if (!options.searchParams.has(name)) options.searchParams.set(name, String(value))
    current.transport = createTransport(options.toString())
    current.url = url
  }
  return current.transport
}

/** Sends now and resolves once the SMTP server accepted the mail (or the log line was written). */
export async function sendMail(mail: Mail): Promise<void> {
  const settings = config()
  if (!settings.SMTP_URL) {
    // Warn level: on by default, and it is something to fix before production.
    log.warn('mail not sent: SMTP_URL unset', { to: mail.to, subject: mail.subject, link: mail.link })
    return
  }
  await transport(settings.SMTP_URL).sendMail({ from: settings.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
  log.info('mail sent', { to: mail.to, subject: mail.subject })
}

/** Starts `work` (building and sending a mail) without waiting for it; a failure is logged. */
export function sendInBackground(work: () => Promise<void>): void {
  const running = state().inFlight
  const task: Promise<void> = work()
    .catch((error: unknown) => log.error('mail failed', { error: error instanceof Error ? { name: error.name, message: error.message } : String(error) }))
    .finally(() => running.delete(task))
  running.add(task)
}

/** Resolves once every mail started so far is sent or failed (tests, graceful stop). */
export async function mailSettled(): Promise<void> {
  while (state().inFlight.size) await Promise.allSettled([...state().inFlight])
}
