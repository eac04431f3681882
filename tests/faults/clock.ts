// One monotonic clock for every figure of the fault test: milliseconds since the test started.
const origin = performance.now()

export function elapsed(): number {
  return performance.now() - origin
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds))
}
