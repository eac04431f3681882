// `npm run docs:config`: rewrites docs/configuration.md from the configuration schema.
import { writeFileSync } from 'node:fs'
import { configurationDocPath, renderConfigurationDoc } from './config-docs'

writeFileSync(configurationDocPath, renderConfigurationDoc())
console.log(`wrote ${configurationDocPath}`)
