/**
 * The daily webhook job's facts, each from the module that owns the rule (a module never reaches into
 * another, so the app hands them over): the KPI "health assessment overdue"'s drill-down for the next
 * health assessment, the SDQs due list, and the care leavers list. Shared by the app and the tests.
 */
import type { Kysely } from 'kysely'
import type { Database } from './db/database.ts'
import { pageOf, type Page } from './http/pagination.ts'
import { listCareLeavers } from './modules/care-leavers/list.ts'
import { kpiCohortRows } from './modules/kpis/queries/evaluate.ts'
import { healthQueries } from './modules/kpis/queries/health.ts'
import { sdqDue } from './modules/sdq/due-list.ts'
import type { DueSources } from './modules/webhooks/due-job.ts'

/** Reads a paged list to its end, a large page at a time, cut as the list's own route cuts it (pageOf). */
async function everyPage<T extends { childId: string }>(read: (after: string | null, limit: number) => Promise<T[]>): Promise<T[]> {
  const limit = 5000
  const all: T[] = []
  for (let after: string | null = null; ;) {
    const { items, nextCursor }: Page<T> = pageOf(await read(after, limit), limit, (last) => last.childId)
    all.push(...items)
    if (nextCursor === null) return all
    after = nextCursor
  }
}

const OVERDUE = healthQueries['health-assessment-overdue']
const dateOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null)

export function webhookDueSources(db: Kysely<Database>): DueSources {
  return {
    async health(la, day) {
      if (!OVERDUE) throw new Error('the KPI health-assessment-overdue is not defined')
      const { rows } = await kpiCohortRows(db, la, OVERDUE, { asAt: day, from: null })
      return rows.map((r) => ({ childId: r.childId, nextDue: dateOrNull(r.facts.nextDue), latestAssessment: dateOrNull(r.facts.latestAssessment) }))
    },
    sdq: (la, day) => everyPage((after, limit) => sdqDue(db, la, { asAt: day, limit, after })),
    careLeavers: (la, day) => everyPage((after, limit) => listCareLeavers(db, la, { asAt: day, limit, after })),
  }
}
