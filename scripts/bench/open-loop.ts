/**
 * An open-loop load generator: requests are sent at evenly spaced times, rate a second, whether or
 * not earlier answers have come, and each answer's time is taken from when its request was due, not
 * from when a free connection let it go. That is how a service's users arrive, and it keeps the
 * queueing a slow moment causes in the figures (no coordinated omission).
 *
 * autocannon's rate option is not this: each connection sends its whole second's budget back to back
 * as soon as the second starts, then waits for the next, so every second opens with a burst of as many
 * requests as there are connections, and the times measure that burst (a p50 of 34 ms at 500 and at
 * 1,000 requests a second, where one request takes a millisecond).
 */
import http from 'node:http'

export interface PlannedRequest {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

export interface OpenLoopStream {
  /** Resolves when every request has been sent and answered (or failed). */
  done: Promise<void>
  /** Each answer's time in ms from when its request was due, and when it came (performance.now()). */
  times: number[]
  at: number[]
  statuses: Map<number, number>
  /** Requests that got no answer: connection errors and timeouts. */
  errors: { n: number; timeouts: number }
}

export function openLoop(options: {
  base: string
  /** Requests a second. */
  rate: number
  seconds: number
  /** The most requests in flight at once (keep-alive sockets); more wait for a socket, and their wait counts. */
  connections: number
  next: () => PlannedRequest
  timeoutMs?: number
}): OpenLoopStream {
  const { hostname, port } = new URL(options.base)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const times: number[] = []
  const at: number[] = []
  const statuses = new Map<number, number>()
  const errors = { n: 0, timeouts: 0 }
  const total = Math.max(1, Math.round(options.rate * options.seconds))
  const interval = 1000 / options.rate
  const start = performance.now()
  let sent = 0
  let settled = 0

  const done = new Promise<void>((resolve) => {
    const settle = () => {
      if (++settled === total) {
        agent.destroy()
        resolve()
      }
    }
    const fire = (due: number) => {
      const planned = options.next()
      let over = false
      const fail = () => {
        if (over) return
        over = true
        errors.n++
        settle()
      }
      const req = http.request(
        { hostname, port, agent, method: planned.method, path: planned.path, headers: planned.headers, timeout: options.timeoutMs ?? 30_000 },
        (res) => {
          res.resume()
          res.on('error', fail)
          res.on('end', () => {
            if (over) return
            over = true
            const now = performance.now()
            times.push(now - due)
            at.push(now)
            statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1)
            settle()
          })
        },
      )
      req.on('timeout', () => {
        errors.timeouts++
        req.destroy(new Error('timeout'))
      })
      req.on('error', fail)
      req.end(planned.body)
    }
    // Timers fire about every millisecond: each tick sends every request due by then.
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * interval <= now) fire(start + sent++ * interval)
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()))
    }
    tick()
  })
  return { done, times, at, statuses, errors }
}
