/** Shared set-up for the KPI tests: children and episodes through the API, partner rows straight into the tables. */
import type { Test } from 'tap'
import { sql } from 'kysely'
import { announceDataChange } from '../../../src/db/data-version.ts'
import { storeDemoAuthority } from '../../../scripts/demo/store.ts'
import type { Episode } from '../../../src/domain/care-history/types.ts'
import type { DemoAuthority } from '../../../scripts/demo/generator/index.ts'
import { buildTestApp, type TestApp } from '../../helper.ts'

export { ep, temp } from '../../domain/care-history/fixtures.ts'

export interface KpiTestApp extends TestApp {
  /** A reader with kpi:read and child:read for every authority. */
  reader: string
  /** Creates the authority (once) and returns its code. */
  la(code: string, populationUnder18?: number): Promise<string>
  /** PUT the child's header then its episodes through the API; fails the test on anything but 2xx. */
  child(la: string, childId: string, dateOfBirth: string, episodes: Episode[], header?: Record<string, unknown>): Promise<void>
  /** GET a KPI as JSON (the status must be 200). */
  kpi(la: string, kpiId: string, query?: string, key?: string): Promise<KpiBody>
  /** GET the children behind a KPI. */
  cohort(la: string, kpiId: string, query?: string): Promise<CohortBody>
  /** Inserts partner rows (health checks, SDQ, care-leaver records) straight into a table; bumps the data version. */
  insert(table: string, rows: Array<Record<string, unknown>>): Promise<void>
}

export interface KpiBody {
  id: string
  value: number | null
  numerator: number | null
  denominator: number | null
  cohortSize: number | null
  details: Record<string, number | null>
  suppressed: boolean
  period: { asAt: string; from: string | null; to: string | null }
  breakdown: {
    dimension: string
    rows: Array<{
      group: string
      label: string
      value: number | null
      numerator: number | null
      denominator: number | null
      share: number | null
      suppressed: boolean
    }>
  } | null
  comparators: Array<{ kind: string; value: number; periodEnd: string; source: string | null }>
  dataVersion: number
}

export interface CohortBody {
  items: Array<{
    childId: string
    date: string
    inDenominator: boolean
    counted: boolean
    measure: number | null
    note: string | null
    facts: Record<string, unknown>
  }>
}

export async function kpiTestApp(t: Test): Promise<KpiTestApp> {
  const h = await buildTestApp(t)
  const writer = await h.key(['records:write'])
  const reader = await h.key(['kpi:read', 'child:read'])
  const known = new Set<string>()
  return {
    ...h,
    reader,
    async la(code, populationUnder18) {
      if (!known.has(code)) {
        await h.authority(code)
        known.add(code)
      }
      if (populationUnder18 !== undefined) {
        await h.db.updateTable('authorities').set({ populationUnder18 }).where('la', '=', code).execute()
        // Written behind the app's back: it hears of it by notification, a moment later; tell it now.
        announceDataChange(code)
      }
      return code
    },
    async child(la, childId, dateOfBirth, episodes, header = {}) {
      const a = await h.call(writer, {
        method: 'PUT',
        url: `/v1/authorities/${la}/children/${childId}`,
        payload: { sex: 'F', dateOfBirth, ethnicity: 'WBRI', ...header },
      })
      if (a.statusCode >= 300) throw new Error(`child ${childId}: ${a.statusCode} ${a.body}`)
      if (episodes.length === 0) return
      const b = await h.call(writer, { method: 'PUT', url: `/v1/authorities/${la}/children/${childId}/episodes`, payload: { episodes } })
      if (b.statusCode >= 300) throw new Error(`episodes of ${childId}: ${b.statusCode} ${b.body}`)
    },
    async kpi(la, kpiId, query = '', key = reader) {
      const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${la}/kpis/${kpiId}${query ? `?${query}` : ''}` })
      if (res.statusCode !== 200) throw new Error(`${kpiId}?${query}: ${res.statusCode} ${res.body}`)
      return res.json<KpiBody>()
    },
    async cohort(la, kpiId, query = '') {
      const res = await h.call(reader, { method: 'GET', url: `/v1/authorities/${la}/kpis/${kpiId}/children${query ? `?${query}` : ''}` })
      if (res.statusCode !== 200) throw new Error(`${kpiId}/children?${query}: ${res.statusCode} ${res.body}`)
      return res.json<CohortBody>()
    },
    async insert(table, rows) {
      if (!/^[a-z_]+$/.test(table) || rows.length === 0) throw new Error('bad insert')
      const columns = Object.keys(rows[0] as Record<string, unknown>)
      await h.db.transaction().execute(async (trx) => {
        for (const row of rows) {
          await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => row[c]))})`.execute(trx)
        }
        const las = new Set(rows.map((r) => String(r.la)))
        for (const la of las) await sql`update authorities set data_version = data_version + 1 where la = ${la}`.execute(trx)
      })
      for (const la of new Set(rows.map((r) => String(r.la)))) announceDataChange(la)
    },
  }
}

/** The child ids of the cohort that count, sorted. */
export function countedIds(c: CohortBody): string[] {
  return c.items
    .filter((i) => i.counted && i.inDenominator)
    .map((i) => i.childId)
    .sort()
}

/**
 * Loads a demo authority (scripts/demo/generator) with the stores the service itself writes through: children,
 * their care histories, and the partner records straight into their tables.
 */
export async function loadDemo(db: TestApp['db'], demo: DemoAuthority, today: string): Promise<void> {
  await db
    .insertInto('authorities')
    .values({ la: demo.la, name: `Demo ${demo.la}`, updatedAt: new Date() })
    .onConflict((oc) => oc.doNothing())
    .execute()
  await storeDemoAuthority(db, demo, today)
}
