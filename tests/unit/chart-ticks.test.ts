import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { chartTicks } from '@/lib/admin/activity-chart'

describe('chartTicks', () => {
  it('labels the axis with evenly spaced whole numbers, at most six', () => {
    assert.deepEqual(chartTicks(1), [0, 1])
    assert.deepEqual(chartTicks(2), [0, 1, 2])
    assert.deepEqual(chartTicks(5), [0, 1, 2, 3, 4, 5])
    assert.deepEqual(chartTicks(10), [0, 2, 4, 6, 8, 10])
    assert.deepEqual(chartTicks(20), [0, 5, 10, 15, 20])
    assert.deepEqual(chartTicks(50), [0, 10, 20, 30, 40, 50])
    assert.deepEqual(chartTicks(100), [0, 20, 40, 60, 80, 100])
    assert.deepEqual(chartTicks(5000), [0, 1000, 2000, 3000, 4000, 5000])
  })
})
