// Renders docs/configuration.md from the configuration schema, so the reference cannot drift
// from the code: bounds and defaults come from the schema, descriptions from beside them.
import { z } from 'zod'
import { buildTimeVariables, environmentSchema } from '@/lib/config'

interface Property {
  description?: string
  shownDefault?: string
  allowed?: string
  default?: unknown
  type?: string
  enum?: unknown[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
}

export const configurationDocPath = 'docs/configuration.md'

const number = (value: number) => value.toLocaleString('en-US')
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function allowed(property: Property): string {
  if (property.allowed) return property.allowed
  if (property.enum) return property.enum.map((value) => `\`${String(value)}\``).join(', ')
  if (property.minimum !== undefined && property.maximum !== undefined) return `${number(property.minimum)} – ${number(property.maximum)}`
  if (property.minLength !== undefined && property.maxLength !== undefined) return `${property.minLength} – ${property.maxLength} characters`
  if (property.minLength !== undefined) return `≥ ${property.minLength} characters`
  return 'any'
}

function shownDefault(property: Property): string {
  if (property.shownDefault) return property.shownDefault
  return property.default === undefined ? 'unset' : `\`${String(property.default)}\``
}

export function renderConfigurationDoc(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Property> }
  const missing = Object.entries(schema.properties).filter(([, property]) => !property.description).map(([name]) => name)
  if (missing.length) throw new Error(`lib/config.ts: no description for ${missing.join(', ')}`)
  const rows = Object.entries(schema.properties).map(([name, property]) =>
    `| \`${name}\` | ${cell(shownDefault(property))} | ${cell(allowed(property))} | ${cell(property.description!)} |`)
  const buildRows = buildTimeVariables.map((variable) =>
    `| \`${variable.name}\` | ${cell(variable.shownDefault)} | ${cell(variable.description)} |`)
  return [
    '# Configuration',
    '',
    '<!-- Generated from lib/config.ts by `npm run docs:config`; edit the schema, not this file. -->',
    '',
    'Gatehouse reads its configuration from environment variables, once, at start. Each one is',
    'validated: a bad value stops the start with a message naming the variable, e.g.',
    '`Invalid configuration: BCRYPT_COST: Too big: expected number to be <=15`. Empty values count',
    'as unset (docker compose passes unset variables through as empty strings).',
    '',
    '## At run time',
    '',
    '| variable | default | allowed | what it does |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## At build time',
    '',
    'Read by `next.config.mjs` during `npm run build`, not by the running server.',
    '',
    '| variable | default | what it does |',
    '|---|---|---|',
    ...buildRows,
    '',
  ].join('\n')
}
