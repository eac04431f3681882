// Comments and documents state the rule itself or cite the RFC section: a maintainer of this
// repository has no copy of the planning documents or the issue tracker they came from.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const self = path.relative(root, import.meta.filename)

// The names are assembled from parts so that this scanner does not cite what it forbids.
const names = (...parts: string[]) => parts.join('')
const outsideReferences: [string, RegExp][] = [
  ['a section of a planning document', new RegExp(`\\b${names('SP', 'EC')}\\b|\\b${names('sp', 'ec')} §`)],
  ['a planning note', new RegExp(`${names('STACK', '-', 'NOTES')}|\\b${names('pit', 'fall')} \\d+`, 'i')],
  ['a planning note', new RegExp(`\\b${names('ARCHI', 'TECTURE')}\\b|\\b${names('hab', 'it')} \\d+`)],
  ['an issue number', /\bissue #?\d+|\bissue-\d+/i],
]
const skippedDirectories = new Set(['node_modules', '.git', 'dist', 'test-results', 'playwright-report', 'profile'])
const textFile = /\.(ts|tsx|mts|mjs|cjs|js|jsx|json|md|sh|yml|yaml|css|sql|toml)$|^(Dockerfile|run)$|^\.[a-z]+ignore$/

function* sourceFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Build output and data folders (.next, .next-*, .data, .data-*) are not sources.
      if (skippedDirectories.has(entry.name) || /^\.(next|data)/.test(entry.name)) continue
      yield* sourceFiles(path.join(directory, entry.name))
    } else if (entry.isFile() && textFile.test(entry.name) && !entry.name.endsWith('package-lock.json')) {
      yield path.join(directory, entry.name)
    }
  }
}

describe('no comment or document refers to a document outside the repository', () => {
  it('finds no citation of the specification, stack notes, architecture notes or an issue', () => {
    const hits: string[] = []
    for (const file of sourceFiles(root)) {
      const relative = path.relative(root, file)
      if (relative === self || relative.startsWith(`bench${path.sep}results${path.sep}`) && relative.endsWith('.json')) continue
      readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        for (const [what, pattern] of outsideReferences) {
          if (pattern.test(line)) hits.push(`${relative}:${index + 1} cites ${what}: ${line.trim().slice(0, 120)}`)
        }
      })
    }
    assert.deepEqual(hits, [], `state the rule itself, or cite the RFC section:\n${hits.join('\n')}`)
  })
})
