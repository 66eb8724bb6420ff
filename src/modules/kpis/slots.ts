/** A counting semaphore: run(fn) waits for one of `size` slots, in arrival order, and frees it after. */
export function slots(size: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let free = size
  const waiting: Array<() => void> = []
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (free > 0) free--
    else await new Promise<void>((resolve) => waiting.push(resolve))
    try {
      return await fn()
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      const next = waiting.shift()
      if (next) next()
      else free++
    }
  }
}
