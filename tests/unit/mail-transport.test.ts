// Without SMTP_URL a mail is written to the log, link included, at a level that is on by default:
// the one-command start has no mail server, and its user must still be able to follow the link.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { reloadConfig } from '@/lib/config'
import { reloadLogLevel, setLogSink } from '@/lib/log'
import { passwordResetMail } from '@/lib/mail/templates'
import { sendMail } from '@/lib/mail/transport'

process.env.AUTH_SECRET ??= 'test-secret-that-is-long-enough-0123456789'

describe('mail without SMTP_URL', () => {
  it('is written to the log with its link, "mail not sent: SMTP_URL unset", at the default level', async () => {
    delete process.env.SMTP_URL
    delete process.env.LOG_LEVEL
    reloadConfig()
    reloadLogLevel()
    const lines: string[] = []
    setLogSink((line) => lines.push(line))
    try {
      const link = 'http://localhost:3000/reset-password?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde'
      await sendMail(passwordResetMail('someone@example.test', link, 1800))
      assert.equal(lines.length, 1)
      const line = JSON.parse(lines[0])
      assert.equal(line.msg, 'mail not sent: SMTP_URL unset')
      assert.equal(line.link, link)
      assert.equal(line.to, 'someone@example.test')
    } finally {
      setLogSink((line) => process.stdout.write(line + '\n'))
    }
  })

  it('names the product and the link\'s expiry, in plain text and HTML, with the link escaped in HTML', () => {
    const mail = passwordResetMail('a@example.test', 'http://localhost:3000/reset-password?token=x&y="z"', 1800)
    assert.match(mail.text, /Gatehouse/)
    assert.match(mail.text, /30 minutes/)
    assert.match(mail.html, /30 minutes/)
    assert.ok(!mail.html.includes('"z"'), 'attribute quotes are escaped')
  })
})
