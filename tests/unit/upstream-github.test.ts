// GitHub's identity from its REST API answers, as GitHub documents and sends them (recorded
// responses of GET /user and GET /user/emails, trimmed of URLs). The address taken is the primary
// one, verified only when GitHub says so; /user's public `email` is never trusted as verified.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { gitHubIdentity, type GitHubEmail, type GitHubUser } from '@/lib/upstream/github'
import { oidcIdentity } from '@/lib/upstream/identity'

const recordedUser = JSON.parse(`{
  "login": "octocat", "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "type": "User", "site_admin": false,
  "name": "The Octocat", "company": "@github", "blog": "https://github.blog", "location": "San Francisco",
  "email": "octocat@github.com", "hireable": null, "bio": null, "public_repos": 8, "followers": 4000,
  "following": 9, "created_at": "2011-01-25T18:44:36Z", "updated_at": "2024-01-22T12:06:25Z"
}`) as GitHubUser

const recordedEmails = JSON.parse(`[
  { "email": "octocat@users.noreply.github.com", "primary": false, "verified": true, "visibility": null },
  { "email": "octo.cat@example.com", "primary": true, "verified": true, "visibility": "private" },
  { "email": "old-octocat@example.org", "primary": false, "verified": false, "visibility": null }
]`) as GitHubEmail[]

describe('GitHub identity mapping', () => {
  it('takes the numeric id as the subject, the login as the username and the primary verified email', () => {
    assert.deepEqual(gitHubIdentity(recordedUser, recordedEmails), {
      subject: '583231',
      email: 'octo.cat@example.com',
      emailVerified: true,
      username: 'octocat',
      name: 'The Octocat',
      amr: [],
    })
  })

  it('unverified-email takeover: an unverified primary address is passed on as unverified', () => {
    const emails = recordedEmails.map((entry) => (entry.primary ? { ...entry, verified: false } : entry))
    const identity = gitHubIdentity(recordedUser, emails)
    assert.equal(identity.email, 'octo.cat@example.com')
    assert.equal(identity.emailVerified, false)
  })

  it('never takes the public profile email in place of the primary one', () => {
    const identity = gitHubIdentity(recordedUser, [])
    assert.equal(identity.email, null)
    assert.equal(identity.emailVerified, false)
  })

  it('a user without a display name keeps a null name', () => {
    const identity = gitHubIdentity({ id: 1, login: 'ghost', name: null, email: null }, [{ email: 'ghost@example.com', primary: true, verified: true }])
    assert.equal(identity.name, null)
    assert.equal(identity.username, 'ghost')
  })
})

describe('OpenID Connect identity mapping', () => {
  it('counts the email as verified only when email_verified is true', () => {
    assert.equal(oidcIdentity({ sub: 'a', email: 'a@example.com', email_verified: true }).emailVerified, true)
    assert.equal(oidcIdentity({ sub: 'a', email: 'a@example.com', email_verified: 'true' }).emailVerified, true)
    assert.equal(oidcIdentity({ sub: 'a', email: 'a@example.com', email_verified: false }).emailVerified, false)
    assert.equal(oidcIdentity({ sub: 'a', email: 'a@example.com' }).emailVerified, false)
  })

  it('passes on the ID token\'s registered amr values only, each once', () => {
    assert.deepEqual(oidcIdentity({ sub: 'a', amr: ['pwd', 'otp', 'mfa'] }).amr, ['pwd', 'otp', 'mfa'])
    assert.deepEqual(oidcIdentity({ sub: 'a', amr: ['pwd', 'pwd', 'urn:example:custom', 42] }).amr, ['pwd'])
    assert.deepEqual(oidcIdentity({ sub: 'a', amr: 'pwd' }).amr, [])
    assert.deepEqual(oidcIdentity({ sub: 'a' }).amr, [])
  })
})
