// A real SMTP server on loopback (the smtp-server package) that keeps every mail it receives,
// so tests see exactly what Gatehouse sent over the wire.
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ReceivedMail { to: string[]; from: string; raw: string; body: string; subject: string }

export interface Mailbox {
  url: string
  mails: ReceivedMail[]
  /** The first mail to `to` (after `skip` earlier ones) matching `subject`, waiting up to `timeoutMs`. */
  waitFor(to: string, subject: RegExp, options?: { timeoutMs?: number; skip?: number }): Promise<ReceivedMail>
  /** Mails to `to` so far. */
  to(address: string): ReceivedMail[]
  close(): Promise<void>
}

/** Undoes quoted-printable soft breaks and escapes, so a long link reads as one line. */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

export async function startMailbox(port = 0): Promise<Mailbox> {
  const mails: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? ''
        mails.push({
          to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw,
          body: decodeQuotedPrintable(raw),
          subject,
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.server.address() as AddressInfo
  const toAddress = (address: string) => mails.filter((mail) => mail.to.includes(address.toLowerCase()))
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    mails,
    to: toAddress,
    async waitFor(to, subject, { timeoutMs = 10_000, skip = 0 } = {}) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = toAddress(to).filter((mail) => subject.test(mail.subject))[skip]
        if (found) return found
        if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`)
        await sleep(25)
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The token of the first Gatehouse link to `path` in a mail. */
export function linkToken(mail: ReceivedMail, path: '/reset-password' | '/verify-email'): string {
  const match = new RegExp(`https?://[^\\s"<>]+${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.body)
  if (!match) throw new Error(`no ${path} link in the mail "${mail.subject}"`)
  return match[1]
}
