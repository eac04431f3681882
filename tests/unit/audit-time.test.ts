import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseUtcTime } from '@/lib/admin/audit-log'

describe('parseUtcTime (the audit filter)', () => {
  it('reads the written form, the datetime-local form and a bare date as UTC', () => {
    assert.equal(parseUtcTime('2026-11-30 07:15')?.toISOString(), '2026-11-30T07:15:00.000Z')
    assert.equal(parseUtcTime('2026-11-30T07:15')?.toISOString(), '2026-11-30T07:15:00.000Z')
    assert.equal(parseUtcTime('2026-11-30')?.toISOString(), '2026-11-30T00:00:00.000Z')
    assert.equal(parseUtcTime('2026-11-30T07:15:00+01:00')?.toISOString(), '2026-11-30T06:15:00.000Z')
    assert.equal(parseUtcTime('30/11/2026'), null)
    assert.equal(parseUtcTime(''), null)
  })
})
