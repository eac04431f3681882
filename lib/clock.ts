// The clock for protocol code. Next replaces the global Date (and Date.now) in any process that
// renders pages, so that a prerender notices it read the time; every call then asks two
// AsyncLocalStorages whether a prerender is running (measured: a visible share of a token
// request). Protocol handlers never prerender, so they read the clock captured when this module
// loads — in the lean server that is before Next patches anything; elsewhere it is the same clock.
const NativeDate = Date
const nativeNow = Date.now

/** Milliseconds since the epoch. */
export function nowMs(): number {
  return nativeNow()
}

/** The current time as a Date (an ordinary Date: instanceof Date holds). */
export function currentTime(): Date {
  return new NativeDate(nativeNow())
}
