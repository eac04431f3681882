import 'server-only'
import { database } from '@/db/client'
import { setPendingChallenge, takePendingSignIn } from '@/db/queries/second-factors'
import type { PendingSignIn } from '@/db/schema'
import { currentTime } from '@/lib/clock'
import { sha256 } from '@/lib/crypto'
import { readPendingSignIn } from '@/lib/factors/second-step'
import { pendingToken } from './sign-in'

/** This browser's pending step of `purpose`, or null. */
export async function ownPending(purpose: PendingSignIn['purpose']): Promise<PendingSignIn | null> {
  return readPendingSignIn(await database(), await pendingToken(), purpose)
}

/** Takes this browser's pending step once, after its challenge was answered: of two answers
 * to one challenge, only one gets here. */
export async function takeOwnPending(purpose: PendingSignIn['purpose']): Promise<boolean> {
  const token = await pendingToken()
  return Boolean(token && await takePendingSignIn(await database(), sha256(token), purpose, currentTime()))
}

/** Puts a fresh WebAuthn challenge on this browser's second step. */
export async function challengeOwnSecondStep(challenge: string): Promise<boolean> {
  const token = await pendingToken()
  return Boolean(token && await setPendingChallenge(await database(), sha256(token), challenge, currentTime()))
}
