// Protocol code reads "now" from lib/clock.ts only: Next patches the global Date in processes that
// render pages, and a second clock makes time-dependent rules hard to test and to reason about.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const lib = path.resolve(import.meta.dirname, '../../lib')
const clockReads = /new Date\(\)|Date\.now\(\)/

function* typescriptFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) yield* typescriptFiles(full)
    else if (entry.name.endsWith('.ts')) yield full
  }
}

describe('one clock', () => {
  it('no lib file but the clock itself reads the time from Date', () => {
    const offenders = [...typescriptFiles(lib)]
      .map((file) => path.relative(lib, file))
      .filter((file) => file !== 'clock.ts')
      .filter((file) => clockReads.test(readFileSync(path.join(lib, file), 'utf8')))
    assert.deepEqual(offenders, [])
  })
})
