// The mails Gatehouse sends: plain text and simple HTML, naming the product and the link's expiry.
import type { Mail } from './transport'

const PRODUCT = 'Gatehouse'

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? '24 hours' : `${seconds / 86_400} days`
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`
  const minutes = Math.max(1, Math.round(seconds / 60))
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

function compose(to: string, subject: string, paragraphs: string[], link?: { url: string; label: string }): Mail {
  const text = [...paragraphs.slice(0, 1), ...(link ? [link.url] : []), ...paragraphs.slice(1), `— ${PRODUCT}`].join('\n\n') + '\n'
  const html = [
    `<p>${escapeHtml(paragraphs[0])}</p>`,
    ...(link ? [`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`] : []),
    ...paragraphs.slice(1).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p>— ${PRODUCT}</p>`,
  ].join('\n')
  return { to, subject, text, html, link: link?.url }
}

export function passwordResetMail(to: string, url: string, ttlSeconds: number): Mail {
  return compose(to, `Reset your ${PRODUCT} password`, [
    `Someone asked to reset the password of your ${PRODUCT} account. To choose a new password, open this link:`,
    `The link works once, for ${duration(ttlSeconds)}. Setting a new password signs you out everywhere.`,
    'If you did not ask for this, ignore this mail: your password stays as it is.',
  ], { url, label: 'Choose a new password' })
}

export function verificationMail(to: string, url: string, ttlSeconds: number): Mail {
  return compose(to, `Confirm your email address for ${PRODUCT}`, [
    `To confirm that ${to} is the email address of your ${PRODUCT} account, open this link:`,
    `The link works once, for ${duration(ttlSeconds)}.`,
    'If you did not sign up or change your address, ignore this mail.',
  ], { url, label: 'Confirm this address' })
}

export function emailChangeNotice(to: string, newEmail: string): Mail {
  return compose(to, `Your ${PRODUCT} email address is being changed`, [
    `Someone signed in to your ${PRODUCT} account asked to change its email address from ${to} to ${newEmail}. The change takes effect once the new address is confirmed.`,
    'If this was not you, sign in and change your password now, or ask your administrator for help.',
  ])
}
