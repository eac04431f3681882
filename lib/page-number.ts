// Page numbers come from the address bar: anything that is not a positive integer reads as page
// 1, and the largest page keeps the query's OFFSET far inside PostgreSQL's bigint.
export const MAX_PAGE_NUMBER = 1_000_000

export function pageNumber(value: unknown): number {
  const given = Array.isArray(value) ? value[0] : value
  const number = typeof given === 'number' ? Math.floor(given) : /^\s*\d{1,20}\s*$/.test(String(given ?? '')) ? Number(given) : 1
  return Number.isFinite(number) ? Math.min(MAX_PAGE_NUMBER, Math.max(1, number)) : 1
}
