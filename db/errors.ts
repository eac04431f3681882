// Classifies driver errors so callers can answer 503 when the database is away (SPEC §6)
// and recognise unique violations (SQLSTATE 23505, STACK-NOTES pitfall 9).
const unavailableCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
])

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

export function isDatabaseUnavailable(error: unknown): boolean {
  return codesOf(error).some((code) => unavailableCodes.has(code))
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
