/**
 * Warming the KPI cache after an authority's data changed (a nightly import committed): dashboards
 * ask for the scorecard at the board's standard dates the next morning, so it is computed now, in
 * the background, and their first read is a cache hit.
 */
import type { FastifyBaseLogger } from 'fastify'
import { addMonths, periodEnds } from '../../domain/dates/calendar.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { scorecard, scorecardPoint, type KpiService } from './service.ts'

/** The board's standard dates on a day: the latest month end, quarter end and 31 March (today counts). */
export function standardDates(today: string): string[] {
  const yearAgo = addMonths(today, -12)
  const latest = (interval: 'month' | 'quarter' | 'year') => periodEnds(yearAgo, today, interval).at(-1) as string
  return [...new Set([latest('month'), latest('quarter'), latest('year')])]
}

export interface KpiWarmer {
  /**
   * Computes the authority's scorecards at the standard dates (with and without small-number
   * suppression) into the cache. Returns at once; the promise settles when that is done and never
   * rejects (a failure is logged). Authorities are warmed one at a time, in the order asked; asking
   * again for one being warmed warms it once more afterwards, for the data it now holds.
   */
  warm(la: string): Promise<void>
  /** Resolves when nothing is being warmed or waiting (tests wait on it before emptying tables). */
  idle(): Promise<void>
  /** Stops warming: nothing further starts, and this resolves once the statement in flight is done. */
  close(): Promise<void>
}

export function kpiWarmer(svc: KpiService, log: FastifyBaseLogger, today: () => string = todayInEngland): KpiWarmer {
  // Authorities waiting, in the order asked, each with the promise its callers hold.
  const queue = new Map<string, { done: Promise<void>; settle: () => void }>()
  let running: Promise<void> | null = null
  let closed = false

  async function warmOne(la: string): Promise<void> {
    // An import may have changed the data's shape (an authority's first import most of all): plans made
    // on the old statistics can take minutes, for the warming and for every reader after it.
    if (svc.refreshStatistics) await svc.refreshStatistics(la)
    // Its statements one at a time: dashboards reading meanwhile keep the other KPI slots.
    const background = svc.background?.() ?? svc
    const day = today()
    for (const date of standardDates(day)) {
      for (const suppress of [false, true]) {
        if (closed) return
        await scorecard(background, la, scorecardPoint({ asAt: date }, day), suppress)
      }
    }
  }

  async function drain(): Promise<void> {
    try {
      for (let next = queue.entries().next(); !next.done && !closed; next = queue.entries().next()) {
        const [la, waiter] = next.value
        queue.delete(la)
        const started = performance.now()
        try {
          await warmOne(la)
          log.debug({ la, ms: Math.round(performance.now() - started) }, 'KPI cache warmed')
        } catch (err) {
          log.error({ err, la }, 'warming the KPI cache failed')
        } finally {
          waiter.settle()
        }
      }
    } finally {
      running = null
      for (const waiter of queue.values()) waiter.settle()
      queue.clear()
    }
  }

  return {
    warm(la) {
      if (closed) return Promise.resolve()
      const waiting = queue.get(la)
      if (waiting) return waiting.done
      let settle = () => {}
      const done = new Promise<void>((resolve) => (settle = resolve))
      queue.set(la, { done, settle })
      running ??= drain()
      return done
    },
    async idle() {
      while (running) await running
    },
    async close() {
      closed = true
      await running
    },
  }
}
