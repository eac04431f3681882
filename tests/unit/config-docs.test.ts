import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { configurationDocPath, renderConfigurationDoc } from '@/scripts/config-docs'
import { environmentSchema } from '@/lib/config'

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` generates from the schema (run it after changing lib/config.ts)', () => {
    assert.equal(readFileSync(configurationDocPath, 'utf8'), renderConfigurationDoc())
  })

  it('documents every variable of the schema', () => {
    const document = readFileSync(configurationDocPath, 'utf8')
    for (const name of Object.keys(environmentSchema.shape)) assert.match(document, new RegExp(`^\\| \`${name}\` \\|`, 'm'))
  })
})
