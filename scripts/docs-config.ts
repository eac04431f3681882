// `npm run docs:config`: rewrites docs/configuration.md from the configuration schema.
// `npm run docs:config -- --check`: exits 1 when the checked-in file differs (what the unit test asserts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { configurationDocPath, renderConfigurationDoc } from './config-docs'

const rendered = renderConfigurationDoc()
if (process.argv.includes('--check')) {
  const current = existsSync(configurationDocPath) ? readFileSync(configurationDocPath, 'utf8') : ''
  if (current !== rendered) {
    console.error(`${configurationDocPath} is out of date: run npm run docs:config`)
    process.exit(1)
  }
  console.log(`${configurationDocPath} is up to date`)
} else {
  writeFileSync(configurationDocPath, rendered)
  console.log(`wrote ${configurationDocPath}`)
}
