// `npm run keys -- list | rotate | retire <kid> [--force]`: signing-key management from the shell
// (rotate, retire). Works on the configured database; on the embedded one it refuses politely while a
// server holds the data dir (two processes on one PGlite data dir corrupt it).
import { runCli } from './cli'
import { database } from '@/db/client'
import { KeyManagementError, listKeys, retireSigningKey, rotateKeys, type KeySummary } from '@/lib/keys/management'

const usage = 'usage: npm run keys -- list | rotate | retire <kid> [--force]'
const operator = { userAgent: 'npm run keys', ip: null }

function formatDate(value: Date | null): string {
  return value ? value.toISOString() : '-'
}

function printTable(keys: KeySummary[]): void {
  const rows = [['kid', 'alg', 'created', 'rotated-out', 'retired', 'tokens valid until'],
    ...keys.map((key) => [key.kid, key.alg, formatDate(key.createdAt), formatDate(key.rotatedOutAt), formatDate(key.retiredAt), formatDate(key.tokensValidUntil)])]
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd())
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const force = rest.includes('--force')
  const positional = rest.filter((argument) => argument !== '--force')
  if (command === 'list' && positional.length === 0) {
    printTable(await listKeys(await database()))
    return 0
  }
  if (command === 'rotate' && positional.length === 0) {
    const kids = await rotateKeys(await database(), operator)
    console.log(`New signing keys: ${kids.join(', ')}. The previous keys stop signing and stay in the JWKS until their tokens expire.`)
    return 0
  }
  if (command === 'retire' && positional.length === 1) {
    await retireSigningKey(await database(), positional[0], { force, context: operator })
    console.log(`Key ${positional[0]} retired: it left the JWKS, tokens it signed are refused (other instances within a minute).`)
    return 0
  }
  console.error(usage)
  return 2
}

runCli(main, [KeyManagementError])
