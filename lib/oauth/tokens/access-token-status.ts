// What a resource endpoint checks beyond the signature (revoked? client, user still active?),
// read through a one-second per-process cache: one primary-key query per token per second
// instead of one per request. Every change that can take access away (a revocation, disable or
// deletion) starts a new epoch once its transaction has committed, which discards every cached
// answer at once; other instances see it within TOKEN_STATUS_TTL_MS.
import type { Executor } from '@/db/client'
import { findAccessTokenStatus, type AccessTokenStatus } from '@/db/queries/grants'
import { processCache } from '../../cache'

export const TOKEN_STATUS_TTL_MS = 1_000

const holder = globalThis as unknown as { __gatehouseRevocationEpoch?: number }
const statuses = processCache<{ status: AccessTokenStatus; epoch: number }>('access-token-status', TOKEN_STATUS_TTL_MS)

export function startNewRevocationEpoch(): void {
  holder.__gatehouseRevocationEpoch = (holder.__gatehouseRevocationEpoch ?? 0) + 1
}

export async function loadAccessTokenStatus(db: Executor, jti: string, clientId: string): Promise<AccessTokenStatus> {
  const epoch = holder.__gatehouseRevocationEpoch ?? 0
  const cached = statuses.get(jti)
  if (cached && cached.epoch === epoch) return cached.status
  const status = await findAccessTokenStatus(db, jti, clientId)
  statuses.set(jti, { status, epoch })
  return status
}
