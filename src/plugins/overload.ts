import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sendProblem } from '../http/problem-reply.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered even when the process is overloaded (the liveness probe: cheap, and true while we run). */
    underPressureExempt?: boolean
  }
}

export interface OverloadOptions {
  /** Mean event-loop delay over a sample, in ms, beyond which requests are refused (0: not checked). */
  maxEventLoopDelayMs: number
  /** V8 heap in use, in bytes (0: not checked). */
  maxHeapUsedBytes: number
  /** Resident memory, in bytes (0: not checked). */
  maxRssBytes: number
  /** How often the process is measured, in ms (default 1000; tests shorten it). */
  sampleIntervalMs?: number
}

/** What an overloaded process asks callers to wait before trying again, in seconds. */
const OVERLOAD_RETRY_AFTER_SECONDS = 10

/**
 * Load shedding: while the process is past a threshold, a request is refused at once with 503
 * problem+json and Retry-After, before any work (key check, database) is spent on it, instead of
 * queueing until the caller times out. Measured by @fastify/under-pressure; registered at the root
 * so it covers every route but those marked underPressureExempt.
 */
export function overloadPlugin(options: OverloadOptions) {
  return fp(
    async function overload(app: FastifyInstance) {
      // One log line per second at most while shedding: an overloaded process must not also flood its log.
      let shed = 0
      let loggedAt = 0
      const sampleInterval = options.sampleIntervalMs ?? 1000
      // The samples taken while the app starts (schemas compiled, the contract built) hold that work,
      // not load: a service just started would refuse its first requests for a second. The event-loop
      // check counts from the first sample wholly after start-up; memory is checked from the start.
      let startedUntil = Number.POSITIVE_INFINITY
      app.addHook('onReady', async () => {
        startedUntil = Date.now() + 2 * sampleInterval
      })
      await app.register(underPressure, {
        maxEventLoopDelay: options.maxEventLoopDelayMs,
        maxHeapUsedBytes: options.maxHeapUsedBytes,
        maxRssBytes: options.maxRssBytes,
        sampleInterval,
        pressureHandler: async (request, reply, type, value) => {
          if (request.routeOptions.config.underPressureExempt) return
          if (type === underPressure.TYPE_EVENT_LOOP_DELAY && Date.now() < startedUntil) return
          shed++
          const now = Date.now()
          if (now - loggedAt >= 1000) {
            request.log.warn({ pressure: type, value, shed }, 'overloaded: refusing requests')
            loggedAt = now
            shed = 0
          }
          // Awaiting the reply holds the request here until the answer is out, so nothing else runs for it.
          await sendProblem(
            request,
            reply.header('retry-after', OVERLOAD_RETRY_AFTER_SECONDS),
            503,
            'overloaded',
            'The service is overloaded. Retry after the time in Retry-After.',
          )
        },
      })
    },
    { name: 'overload', fastify: '5.x', dependencies: ['errors'] },
  )
}
