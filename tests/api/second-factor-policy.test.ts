// The administrator's second-factor policy, and the paths around the second step: a user the
// policy covers gets a grace period from their first sign-in under it, then must enrol; the
// password grant, which cannot ask for a second factor, refuses accounts that have one.
process.env.SECOND_FACTOR_REQUIRED = 'admins'
process.env.SECOND_FACTOR_GRACE_DAYS = '7'
// The token request below runs bcrypt: on a loaded machine it may outlast the default deadline.
process.env.REQUEST_DEADLINE_MS ??= '60000'
import { closeDatabase, database } from '../helpers/database'
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generate } from 'otplib'
import { eq } from 'drizzle-orm'
import { clients } from '@/db/schema'
import { confirmTotpSetup, totpSetup } from '@/lib/factors/enrolment'
import { enrolmentPath, enrolmentStatus, enrolmentUrl } from '@/lib/factors/policy'
import { PASSWORD, basic, makeClient, makeUser, tokenRequest } from '../helpers/oauth'
import { serve } from '../helpers/serve'

after(closeDatabase)
const DAY = 86_400_000

describe('second-factor policy', () => {
  it('covers admins only under "admins"; their grace runs from the first sign-in under the policy', async () => {
    const db = await database()
    const member = await makeUser()
    assert.deepEqual(await enrolmentStatus(db, member), { state: 'not_required' })
    const admin = await makeUser({ isAdmin: true })
    const firstSeen = new Date()
    const status = await enrolmentStatus(db, admin, firstSeen)
    assert.equal(status.state, 'grace')
    // Asking again later does not move the deadline.
    const later = await enrolmentStatus(db, admin, new Date(firstSeen.getTime() + 3 * DAY))
    assert.equal(later.state, 'grace')
    assert.equal('dueAt' in later && later.dueAt.getTime(), firstSeen.getTime() + 7 * DAY)
  })

  it('attack: an admin who never enrols is held to the enrolment pages once the grace period is over', async () => {
    const db = await database()
    const admin = await makeUser({ isAdmin: true })
    const start = new Date()
    await enrolmentStatus(db, admin, start)
    const overdue = new Date(start.getTime() + 8 * DAY)
    assert.equal((await enrolmentStatus(db, admin, overdue)).state, 'overdue')
    assert.equal(enrolmentPath('/admin'), false)
    assert.equal(enrolmentPath('/oauth/authorize/continue?request=x'), false)
    assert.equal(enrolmentPath('/account/authenticator'), true)
    assert.equal(enrolmentUrl('/oauth/authorize/continue?request=x'), '/account?enrol=1&return_to=%2Foauth%2Fauthorize%2Fcontinue%3Frequest%3Dx')
    // Enrolling lifts it.
    const setup = (await totpSetup(db, admin, overdue))!
    assert.ok((await confirmTotpSetup(db, admin, await generate({ secret: setup.secret, epoch: Math.floor(overdue.getTime() / 1000) }), {}, overdue)).ok)
    assert.equal((await enrolmentStatus(db, admin, overdue)).state, 'enrolled')
  })
})

describe('password grant and second factors', () => {
  it('attack: the password grant cannot be used to skip the second factor', async () => {
    const db = await database()
    const user = await makeUser()
    const { client, secret } = await makeClient(user)
    await db.update(clients).set({ passwordGrantEnabled: true, grantTypes: [...client.grantTypes, 'password'] }).where(eq(clients.id, client.id))
    const ask = () => serve(tokenRequest({ grant_type: 'password', username: user.username, password: PASSWORD, scope: 'openid' }, { authorization: basic(client.id, secret!) }))
    assert.equal((await ask()).status, 200, 'without a second factor the grant works as before')
    const setup = (await totpSetup(db, user))!
    assert.ok((await confirmTotpSetup(db, user, await generate({ secret: setup.secret }), {})).ok)
    const refused = await ask()
    assert.equal(refused.status, 400)
    const body = await refused.json()
    assert.equal(body.error, 'invalid_grant')
    assert.match(body.error_description, /second factor/)
    assert.equal(body.access_token, undefined)
  })
})
