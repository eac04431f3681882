// Structured JSON logs on stdout. Values under secret-looking keys are redacted,
// and messages are fixed strings: a token, code, secret or password is never formatted in.
import { currentTime } from './clock'
import { config, reloadConfig } from './config'
type Level = 'debug' | 'info' | 'warn' | 'error'

const redactedKeys = /pass(word)?|secret|token|code|authorization|cookie|verifier|assertion|jwt|hash/i

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { name: value.name, message: value.message }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1))
  const result: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    result[key] = redactedKeys.test(key) && !harmlessKey.test(key) && !isHarmless(inner) ? '[redacted]' : redact(inner, depth + 1)
  }
  return result
}

const harmlessKey = /^(error|status|event)_?code$/i

/** Counts and flags under a secret-sounding key ("authorization_codes": 3) carry no secret. */
function isHarmless(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined
}

const levels: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }
// LOG_LEVEL=warn silences the per-request lines (e.g. under benchmark load). Read once per
// configuration: even a property lookup chain shows in a per-request profile.
let minimum: number | undefined
function minimumLevel(): number {
  if (minimum !== undefined) return minimum
  try {
    return (minimum = levels[config().LOG_LEVEL])
  } catch {
    // A bad configuration is reported by whoever starts the process; its error must still log.
    return levels.info
  }
}

/** Reads LOG_LEVEL again (tests that change it), with the rest of the configuration. */
export function reloadLogLevel(): void {
  minimum = undefined
  reloadConfig()
}

let sink: (line: string) => void = (line) => process.stdout.write(line + '\n')

/** Tests capture every line to prove no secret is ever logged. */
export function setLogSink(next: (line: string) => void): void {
  sink = next
}

function enabled(level: Level): boolean {
  return levels[level] >= minimumLevel()
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (!enabled(level)) return
  sink(JSON.stringify({ time: currentTime().toISOString(), level, msg, ...(redact(fields ?? {}) as object) }))
}

export const log = {
  /** Whether a line of this level would be written: lets hot paths skip building its fields. */
  enabled,
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
}
