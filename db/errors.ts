// Classifies driver errors so callers can answer 503 when the database is away or too slow
// and recognise unique violations (SQLSTATE 23505).

/** The database cannot be reached at all: these open the circuit breaker (db/availability.ts). */
const connectionFailureCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
  // Thrown by the breaker itself while it is open.
  'DATABASE_UNAVAILABLE',
])

/** The database is there but the work did not finish in time: 503, without opening the breaker.
 * 57014 is a statement cancelled by statement_timeout, 55P03 a lock not obtained in time,
 * 53300 no free connection slot. */
const overloadCodes = new Set(['DEADLINE_EXCEEDED', '57014', '55P03', '53300'])

function codesOf(error: unknown): string[] {
  const codes: string[] = []
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    const errors = (current as { errors?: unknown }).errors
    if (Array.isArray(errors)) for (const inner of errors) codes.push(...codesOf(inner))
    current = (current as { cause?: unknown }).cause
  }
  return codes
}

/** True when the answer should be 503 temporarily_unavailable: unreachable, or out of time. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return codesOf(error).some((code) => connectionFailureCodes.has(code) || overloadCodes.has(code))
}

/** True when the database could not be reached at all (not merely slow). */
export function isConnectionFailure(error: unknown): boolean {
  return codesOf(error).some((code) => connectionFailureCodes.has(code))
}

/** What the circuit breaker throws while the database is known to be unreachable. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE'
  constructor() {
    super('The database is unavailable')
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return codesOf(error).includes('23505')
}

// Data exceptions caused by the value sent, not by the server: a character PostgreSQL cannot
// store (NUL: 22021, 22P05), a malformed value for the column type (22P02), a number out of range
// (22003), a value too long (22001). Input that reaches a query in such a shape is a bad request.
const invalidInputCodes = new Set(['22021', '22P05', '22P02', '22003', '22001'])

export function isInvalidInput(error: unknown): boolean {
  return codesOf(error).some((code) => invalidInputCodes.has(code))
}
