// The admin policy "require a confirmed email address before consent": with it on, a user whose
// address is not confirmed gets no consent page and no code, however the request arrives. The
// policy is switched on inside a transaction that is rolled back, so test files running at the
// same time on one PostgreSQL never see it.
import { closeDatabase, database } from '../helpers/database'
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Database } from '@/db/client'
import { saveEmailPolicy } from '@/db/queries/email-policy'
import { updateUser } from '@/db/queries/users'
import { mustVerifyEmailFirst } from '@/lib/admin/email-policy'
import { EMAIL_CONFIRMATION_URL } from '@/lib/auth/verification'
import { config } from '@/lib/config'
import { startAuthorization } from '@/lib/oauth/endpoints/authorize'
import { isPageStep, stepLocation, type AuthorizationStep } from '@/lib/oauth/authorization-step'
import { decideConsent } from '@/lib/oauth/interaction'
import { authorizeUrl, makeUserWithClient, pkcePair, sessionOf } from '../helpers/oauth'
import { protocolRequest } from '../helpers/serve'

after(closeDatabase)

class RolledBack extends Error {}

/** Runs `work` with the policy on, in a transaction that is always rolled back. */
async function withPolicyOn(work: (db: Database) => Promise<void>): Promise<void> {
  const db = await database()
  await db.transaction(async (tx) => {
    await saveEmailPolicy(tx, { requireVerifiedEmail: true })
    // The flow takes a Database; a transaction offers the same calls (nested ones as savepoints).
    await work(tx as unknown as Database)
    throw new RolledBack()
  }).catch((error: unknown) => { if (!(error instanceof RolledBack)) throw error })
}

async function location(step: AuthorizationStep): Promise<URL> {
  assert.ok(!isPageStep(step), JSON.stringify(step))
  return new URL(stepLocation(step), config().ISSUER)
}

describe('require a confirmed email before consent', () => {
  it('unconfirmed address: no consent page, no code, prompt=none answers interaction_required, a posted consent is refused; a confirmed address goes through', async () => {
    const { user, client } = await makeUserWithClient()
    await withPolicyOn(async (db) => {
      assert.equal(await mustVerifyEmailFirst(db, user), true)
      const params = { client_id: client.id, redirect_uri: client.redirectUris[0], response_type: 'code', scope: 'openid email', state: 's', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' }
      const held = await location(await startAuthorization(db, await protocolRequest(new Request(authorizeUrl(params))), sessionOf(user)))
      assert.equal(held.pathname + held.search, EMAIL_CONFIRMATION_URL)

      const silent = await location(await startAuthorization(db, await protocolRequest(new Request(authorizeUrl({ ...params, prompt: 'none' }))), sessionOf(user)))
      assert.equal(silent.searchParams.get('error'), 'interaction_required')
      assert.equal(silent.searchParams.get('code'), null)

      // A consent Allow posted straight at a stored request (skipping the flow's own check).
      const consent = await location(await startAuthorization(db, await protocolRequest(new Request(authorizeUrl({ ...params, prompt: 'consent' }))), sessionOf({ ...user, verifiedEmail: user.email })))
      assert.equal(consent.pathname, '/consent')
      const posted = await location(await decideConsent(db, consent.searchParams.get('request')!, sessionOf(user), 'allow', {}))
      assert.equal(posted.pathname + posted.search, EMAIL_CONFIRMATION_URL)

      await updateUser(db, user.id, { verifiedEmail: user.email })
      const confirmed = { ...user, verifiedEmail: user.email }
      assert.equal(await mustVerifyEmailFirst(db, confirmed), false)
      const allowed = await location(await decideConsent(db, consent.searchParams.get('request')!, sessionOf(confirmed), 'allow', {}))
      assert.ok(allowed.searchParams.get('code'), `a code once the address is confirmed: ${allowed}`)
    })
    // Rolled back: the policy is off again for everyone else.
    assert.equal(await mustVerifyEmailFirst(await database(), user), false)
  })
})
