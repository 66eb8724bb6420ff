/**
 * Computing KPIs for a request: the authority's state, the cache, the SQL, and the comparators.
 * Everything returned here is raw (counts, not yet suppressed); results.ts shapes it per client.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Dimension, KpiDefinition, KpiPoint } from '../../domain/kpis/index.ts'
import { notFound } from '../../http/problem.ts'
import { createKpiCache } from './cache.ts'
import { slots } from './slots.ts'
import { evaluateFamily, evaluateKpi, KPI_QUERIES, kpiCohortRows, type CohortRow, type KpiEvaluation, type KpiItem, type KpiQuery } from './queries/index.ts'

export type BenchmarkKind = 'national' | 'statistical_neighbours' | 'region' | 'local_target'

const KIND_ORDER: readonly BenchmarkKind[] = ['national', 'statistical_neighbours', 'region', 'local_target']

export interface Comparator {
  kind: BenchmarkKind
  value: number
  periodEnd: string
  source: string | null
}

export interface AuthorityState {
  dataVersion: string
  populationUnder18: number | null
}

export interface KpiService {
  /** The authority's data version and population; 404 when it does not exist. */
  authority(la: string): Promise<AuthorityState>
  /** The KPI at each point (cached), with the breakdown asked for. */
  evaluate(la: string, state: AuthorityState, def: KpiDefinition, points: readonly KpiPoint[], breakdown: Dimension | null): Promise<KpiEvaluation>
  /**
   * Several KPIs at the same points (the scorecard): cached ones from memory, the rest one statement
   * per family, the families in parallel. Results in the order asked.
   */
  evaluateMany(la: string, state: AuthorityState, defs: readonly KpiDefinition[], pointsOf: (def: KpiDefinition) => readonly KpiPoint[]): Promise<KpiEvaluation[]>
  /** A value kept under the authority's data version (whole answers, such as the scorecard). */
  cached<T>(la: string, version: string, key: string): T | undefined
  store(la: string, version: string, key: string, value: unknown): void
  /**
   * Runs compute unless the same (authority, version, key) is being computed already, in which case
   * the caller shares that result: readers who miss together, just after a write, cost one query.
   */
  once<T>(la: string, version: string, key: string, compute: () => Promise<T>): Promise<T>
  /** For each KPI and point: the latest benchmark of each kind dated in the 12 months to the point. */
  comparators(la: string, state: AuthorityState, kpiIds: readonly string[], points: readonly string[]): Promise<Map<string, Comparator[]>>
  /** Every benchmark of a KPI dated from..to (series). */
  benchmarksBetween(la: string, state: AuthorityState, kpiId: string, from: string, to: string): Promise<Comparator[]>
  /** The cohort behind a KPI at one point (never cached: it is child-level and audited). */
  cohort(la: string, def: KpiDefinition, point: KpiPoint): Promise<{ dataVersion: string; rows: CohortRow[] }>
  /** Cached entries (tests). */
  cacheSize(): number
}

export function queryOf(def: KpiDefinition): KpiQuery {
  const q = KPI_QUERIES[def.id]
  if (!q) throw new Error(`no SQL for KPI ${def.id}`)
  return q
}

/** Comparators are keyed by KPI id and point: `${kpiId}|${asAt}`. */
export const comparatorKey = (kpiId: string, asAt: string) => `${kpiId}|${asAt}`

/**
 * At most this many KPI statements run at once. A miss costs tens to hundreds of milliseconds of
 * database time, and a burst of them (just after writes) would otherwise hold every pooled
 * connection, leaving cache hits, key checks and writes queueing behind them for a connection.
 */
export const KPI_STATEMENT_SLOTS = 4

export function kpiService(db: Kysely<Database>, options: { statementSlots?: number } = {}): KpiService {
  const cache = createKpiCache()
  const heavy = slots(options.statementSlots ?? KPI_STATEMENT_SLOTS)
  const inFlight = new Map<string, Promise<unknown>>()
  function once<T>(la: string, version: string, key: string, compute: () => Promise<T>): Promise<T> {
    const id = `${la}|${version}|${key}`
    const running = inFlight.get(id)
    if (running) return running as Promise<T>
    const started = compute().finally(() => inFlight.delete(id))
    inFlight.set(id, started)
    return started
  }
  const keyOf = (def: KpiDefinition, points: readonly KpiPoint[], breakdown: Dimension | null) =>
    JSON.stringify(['kpi', def.id, def.version, points, breakdown])

  return {
    async authority(la) {
      const row = await db.selectFrom('authorities').select(['dataVersion', 'populationUnder18']).where('la', '=', la).executeTakeFirst()
      if (!row) throw notFound(`No authority ${la}.`)
      return { dataVersion: String(row.dataVersion), populationUnder18: row.populationUnder18 }
    },

    async evaluate(la, state, def, points, breakdown) {
      // The version read first picks the cache entry; a miss stores the result under the version read in
      // the same statement as its figures (it can only be newer, when a write landed in between).
      const key = keyOf(def, points, breakdown)
      const hit = cache.get<KpiEvaluation>(la, state.dataVersion, key)
      if (hit) return hit
      return once(la, state.dataVersion, key, async () => {
        const evaluation = await heavy(() => evaluateKpi(db, la, def, queryOf(def), points, breakdown))
        cache.set(la, evaluation.dataVersion, key, evaluation)
        return evaluation
      })
    },

    async evaluateMany(la, state, defs, pointsOf) {
      const out = new Map<string, KpiEvaluation>()
      // KPIs of one family measured at the same points share one statement.
      const groups = new Map<string, { points: readonly KpiPoint[]; items: KpiItem[] }>()
      for (const def of defs) {
        const points = pointsOf(def)
        const hit = cache.get<KpiEvaluation>(la, state.dataVersion, keyOf(def, points, null))
        if (hit) {
          out.set(def.id, hit)
          continue
        }
        const query = queryOf(def)
        const groupKey = JSON.stringify([query.family.key, points])
        const group = groups.get(groupKey) ?? { points, items: [] }
        group.items.push({ def, query })
        groups.set(groupKey, group)
      }
      await Promise.all(
        [...groups.values()].map(async ({ points, items }) => {
          const evaluations = await heavy(() => evaluateFamily(db, la, items, points, null))
          items.forEach((item, i) => {
            const e = evaluations[i] as KpiEvaluation
            cache.set(la, e.dataVersion, keyOf(item.def, points, null), e)
            out.set(item.def.id, e)
          })
        }),
      )
      return defs.map((d) => out.get(d.id) as KpiEvaluation)
    },

    cached: <T>(la: string, version: string, key: string) => cache.get<T>(la, version, key),
    store: (la: string, version: string, key: string, value: unknown) => cache.set(la, version, key, value),
    once,

    async comparators(la, state, kpiIds, points) {
      const key = JSON.stringify(['comparators', kpiIds, points])
      const hit = cache.get<Map<string, Comparator[]>>(la, state.dataVersion, key)
      if (hit) return hit
      const { rows } = await sql<{ kpiId: string; point: string; kind: BenchmarkKind; value: number; periodEnd: string; source: string | null; dataVersion: string }>`
        select distinct on (b.kpi_id, pt.point, b.kind) b.kpi_id, pt.point::text as point, b.kind, b.value::float8 as value,
          b.period_end::text as period_end, b.source, (select data_version::text from authorities where la = ${la}) as data_version
        from unnest(${points}::date[]) pt(point)
        join benchmarks b on b.la = ${la} and b.kpi_id = any(${kpiIds}::text[])
          and b.period_end <= pt.point and b.period_end > (pt.point - interval '12 months')::date
        order by b.kpi_id, pt.point, b.kind, b.period_end desc`.execute(db)
      const out = new Map<string, Comparator[]>()
      for (const r of rows) {
        const k = comparatorKey(r.kpiId, r.point)
        const list = out.get(k) ?? []
        list.push({ kind: r.kind, value: Number(r.value), periodEnd: r.periodEnd, source: r.source })
        out.set(k, list)
      }
      for (const list of out.values()) list.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
      cache.set(la, rows[0]?.dataVersion ?? state.dataVersion, key, out)
      return out
    },

    async benchmarksBetween(la, state, kpiId, from, to) {
      const key = JSON.stringify(['benchmarks', kpiId, from, to])
      const hit = cache.get<Comparator[]>(la, state.dataVersion, key)
      if (hit) return hit
      const rows = await db
        .selectFrom('benchmarks')
        .select(['kind', 'value', 'periodEnd', 'source'])
        .where('la', '=', la)
        .where('kpiId', '=', kpiId)
        .where('periodEnd', '>=', from)
        .where('periodEnd', '<=', to)
        .orderBy('periodEnd')
        .execute()
      const out = rows
        .map((r) => ({ kind: r.kind, value: Number(r.value), periodEnd: r.periodEnd, source: r.source }))
        .sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)))
      // Read without the version in the same statement: keep it only under the version read before.
      cache.set(la, state.dataVersion, key, out)
      return out
    },

    async cohort(la, def, point) {
      return heavy(() => kpiCohortRows(db, la, queryOf(def), point))
    },

    cacheSize: () => cache.size(),
  }
}
