/**
 * Computing KPIs for a request: the authority's state, the cache, the SQL, the comparators, and the
 * answers built from them (one KPI, a series, a cohort, the scorecard). The routes only turn HTTP into
 * these calls; results.ts shapes raw counts per client (suppression).
 *
 * Caching: every write bumps the authority's data version and the versions of the kinds of data it
 * changed (src/db/data-version.ts). A KPI's figures are kept under the greatest version of the kinds
 * it reads, in a cache bucket of their own per authority and set of kinds, so a health check posted
 * leaves every care-history KPI cached and a scorecard after it recomputes only the KPIs that read
 * health checks.
 *
 * The versions themselves are kept in memory per authority while the database's feed of changes is
 * live (authority-states.ts), so a cache hit asks the database nothing; a change heard, or a write
 * answered by this process, drops them (see "The cache" in docs/benchmarks.md).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { DATA_KINDS, KIND_COLUMN, versionOf, type DataKind, type KindVersions } from '../../db/data-version.ts'
import type { DataVersionFeed } from '../../db/data-version-feed.ts'
import { headlineKpis, kpiById, reportedPeriod, resolvePoint, yearEarlier, type Dimension, type KpiDefinition, type KpiPoint } from '../../domain/kpis/index.ts'
import { populationOn, type PopulationEstimate } from '../../domain/kpis/population.ts'
import { notFound } from '../../http/problem.ts'
import { authorityStates } from './authority-states.ts'
import { createKpiCache } from './cache.ts'
import { kpiResult, scorecardItem, seriesItems, type PopulationAt } from './results.ts'
import type { Cohort, KpiResult, Scorecard, Series } from './schemas.ts'
import { slots } from './slots.ts'
import {
  evaluateFamily,
  evaluateKpi,
  KPI_QUERIES,
  kpiCohortRows,
  refreshKpiStatistics,
  type KpiEvaluation,
  type KpiItem,
  type KpiQuery,
} from './queries/index.ts'

export type BenchmarkKind = 'national' | 'statistical_neighbours' | 'region' | 'local_target'

const KIND_ORDER: readonly BenchmarkKind[] = ['national', 'statistical_neighbours', 'region', 'local_target']

export interface Comparator {
  kind: BenchmarkKind
  value: number
  periodEnd: string
  source: string | null
}

/** Comparators by `${kpiId}|${asAt}` (comparatorKey), with the benchmarks' version they were read at. */
export interface Comparators {
  dataVersion: string
  byKey: Map<string, Comparator[]>
}

export interface AuthorityState {
  /** The authority's data version: up by one with every write. */
  dataVersion: string
  /** Each kind of data's version: the data version at which it last changed. */
  versions: KindVersions
  /** The child population at a date: the latest yearly estimate on or before it, else the authority's figure. */
  populationAt: PopulationAt
}

/** A series as the route resolved it: the period ends (or periods), their interval and the range asked. */
export interface SeriesAsk {
  points: readonly KpiPoint[]
  interval: Series['interval']
  from: string
  to: string
}

export interface KpiService {
  /**
   * The authority's data versions and population; 404 when it does not exist. From memory while the
   * feed of changes is live and none was heard since they were read; from the database otherwise.
   */
  authority(la: string): Promise<AuthorityState>
  /** The KPI at each point (cached), with the breakdown asked for. */
  evaluate(la: string, state: AuthorityState, def: KpiDefinition, points: readonly KpiPoint[], breakdown: Dimension | null): Promise<KpiEvaluation>
  /**
   * Several KPIs at the same points (the scorecard): cached ones from memory, the rest one statement
   * per family, the families in parallel. Results in the order asked.
   */
  evaluateMany(
    la: string,
    state: AuthorityState,
    defs: readonly KpiDefinition[],
    pointsOf: (def: KpiDefinition) => readonly KpiPoint[],
  ): Promise<KpiEvaluation[]>
  /** A whole answer (the scorecard) kept under the greatest version of every kind of data (wholeVersion). */
  cached<T>(la: string, version: string, key: string): T | undefined
  store(la: string, version: string, key: string, value: unknown): void
  /**
   * Runs compute unless the same (authority, version, key) is being computed already, in which case
   * the caller shares that result: readers who miss together, just after a write, cost one query.
   */
  once<T>(la: string, version: string, key: string, compute: () => Promise<T>): Promise<T>
  /** For each KPI and point: the latest benchmark of each kind dated in the 12 months to the point. */
  comparators(la: string, state: AuthorityState, kpiIds: readonly string[], points: readonly string[]): Promise<Comparators>
  /** Every benchmark of a KPI dated from..to (series), with the benchmarks' version. */
  benchmarksBetween(la: string, state: AuthorityState, kpiId: string, from: string, to: string): Promise<{ dataVersion: string; items: Comparator[] }>

  /** One KPI at one point with its breakdown and comparators, as the client may see it. */
  kpi(la: string, def: KpiDefinition, point: KpiPoint, breakdown: Dimension | null, suppress: boolean): Promise<KpiResult>
  /** One KPI at each point of a series, with the benchmarks dated in it. */
  series(la: string, def: KpiDefinition, ask: SeriesAsk, suppress: boolean): Promise<Series>
  /** The cohort behind a KPI at one point (never cached: it is child-level and audited). */
  cohort(la: string, def: KpiDefinition, point: KpiPoint): Promise<Cohort>
  /** The board's scorecard at a date (see scorecard()). */
  scorecard(la: string, now: KpiPoint, suppress: boolean): Promise<Scorecard>
  /**
   * Refreshes the planner's statistics on the KPI tables (after an import, before warming: see
   * refreshKpiStatistics). Optional, so a stand-in service can leave it out.
   */
  refreshStatistics?(la: string): Promise<void>
  /**
   * The same service for background work (the warmer): its KPI statements run one at a time, so
   * readers keep the other slots. Optional, so a stand-in service can leave it out.
   */
  background?(): KpiService
  /** Cached entries (tests). */
  cacheSize(): number
  /** Forgets the authority's kept state (a write this process answered has committed). */
  forget(la: string): void
  /** Authorities whose state is kept in memory (tests). */
  statesKept(): number
  /** Stops hearing changes (the app closing). */
  close(): void
}

export function queryOf(def: KpiDefinition): KpiQuery {
  const q = KPI_QUERIES[def.id]
  if (!q) throw new Error(`no SQL for KPI ${def.id}`)
  return q
}

/**
 * KPIs grouped by family and the points they are measured at: each group is one statement
 * (familyStatement), as the scorecard and the board pack run them.
 */
export function familyGroups(
  defs: readonly KpiDefinition[],
  pointsOf: (def: KpiDefinition) => readonly KpiPoint[],
): Array<{ points: readonly KpiPoint[]; items: KpiItem[] }> {
  const groups = new Map<string, { points: readonly KpiPoint[]; items: KpiItem[] }>()
  for (const def of defs) {
    const points = pointsOf(def)
    const query = queryOf(def)
    const key = JSON.stringify([query.family.key, points])
    const group = groups.get(key) ?? { points, items: [] }
    group.items.push({ def, query })
    groups.set(key, group)
  }
  return [...groups.values()]
}

/** Comparators are keyed by KPI id and point: `${kpiId}|${asAt}`. */
export const comparatorKey = (kpiId: string, asAt: string) => `${kpiId}|${asAt}`

/** The version a whole answer over every kind of data (the scorecard) is kept under. */
export const wholeVersion = (state: AuthorityState) => versionOf(state.versions, DATA_KINDS)

const greatest = (...versions: string[]) => String(versions.reduce((m, v) => (BigInt(v) > m ? BigInt(v) : m), 0n))

/**
 * At most this many KPI statements run at once. A miss costs tens to hundreds of milliseconds of
 * database time, and a burst of them (just after writes) would otherwise hold every pooled
 * connection, leaving cache hits, key checks and writes queueing behind them for a connection.
 */
export const KPI_STATEMENT_SLOTS = 4

/** The longest a KPI statement waits for the statistics refresh after an import (it takes a second or two). */
const REFRESH_WAIT_MS = 10_000

export function kpiService(db: Kysely<Database>, options: { statementSlots?: number; dataVersions?: DataVersionFeed | null } = {}): KpiService {
  const cache = createKpiCache()
  const states = authorityStates<AuthorityState>(options.dataVersions ?? null)
  // A statement that read newer versions than the state it was given proves that state stale (its
  // change not heard yet): forget it, so the next request reads the versions again.
  const staleIf = (la: string, state: AuthorityState, kinds: readonly DataKind[], read: string) => {
    if (BigInt(read) > BigInt(versionOf(state.versions, kinds)) && states.get(la) === state) states.drop(la)
  }
  const slot = slots(options.statementSlots ?? KPI_STATEMENT_SLOTS)
  // While the planner's statistics are being refreshed (just after an import) the imported authority's
  // KPI statements wait for them: planned on the old ones, one of them can take minutes. Other
  // authorities' plans were made on statistics that knew them, so they go ahead. The wait is bounded,
  // should the refresh itself wait on a lock (a manual VACUUM of a table, say).
  let refreshing: { la: string; done: Promise<void> } | null = null
  const heavy = async <T>(la: string, fn: () => Promise<T>): Promise<T> => {
    if (refreshing?.la === la) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([refreshing.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, REFRESH_WAIT_MS)))])
      clearTimeout(timer)
    }
    return slot(fn)
  }
  // Background statements (the warmer's) take one slot at most, however many KPIs they compute.
  const oneAtATime = slots(1)
  const backgroundHeavy = <T>(la: string, fn: () => Promise<T>): Promise<T> => oneAtATime(() => heavy(la, fn))
  const inFlight = new Map<string, Promise<unknown>>()
  function once<T>(la: string, version: string, key: string, compute: () => Promise<T>): Promise<T> {
    const id = `${la}|${version}|${key}`
    const running = inFlight.get(id)
    if (running) return running as Promise<T>
    const started = compute().finally(() => inFlight.delete(id))
    inFlight.set(id, started)
    return started
  }
  // The cache's buckets: one per authority and set of kinds read, each with its own version, so an
  // entry is dropped only when data it reads has changed.
  const bucketOf = (la: string, kinds: readonly DataKind[]) => `${la}|${kinds.join(',')}`
  const wholeBucket = (la: string) => `${la}|*`
  const keyOf = (def: KpiDefinition, points: readonly KpiPoint[], breakdown: Dimension | null) =>
    JSON.stringify(['kpi', def.id, def.version, points, breakdown])

  // The authority's row, its kind versions and its population estimates, in one statement.
  async function readAuthority(la: string): Promise<AuthorityState> {
    const row = await db
      .selectFrom('authorities')
      .select(['dataVersion', 'populationUnder18', ...DATA_KINDS.map((k) => sql<string>`${sql.ref(KIND_COLUMN[k])}::text`.as(k))])
      // The yearly estimates in the same statement: a request without a kept state reads this first.
      .select(
        sql<PopulationEstimate[]>`(select coalesce(json_agg(json_build_object('year', p.year, 'population', p.population)), '[]')
          from child_populations p where p.la = authorities.la)`.as('estimates'),
      )
      .where('la', '=', la)
      .executeTakeFirst()
    if (!row) throw notFound(`No authority ${la}.`)
    const versions = Object.fromEntries(DATA_KINDS.map((k) => [k, String((row as Record<string, unknown>)[k])])) as Record<DataKind, string>
    return {
      dataVersion: String(row.dataVersion),
      versions,
      populationAt: (asAt) => populationOn(row.estimates, asAt, row.populationUnder18),
    }
  }

  // Several KPIs at the same points, their statements run by `run` (the readers' slots, or the background's).
  const evaluateManyWith =
    (run: typeof heavy): KpiService['evaluateMany'] =>
    async (la, state, defs, pointsOf) => {
      const out = new Map<string, KpiEvaluation>()
      const missed = defs.filter((def) => {
        const hit = cache.get<KpiEvaluation>(bucketOf(la, def.sources), versionOf(state.versions, def.sources), keyOf(def, pointsOf(def), null))
        if (hit) out.set(def.id, hit)
        return !hit
      })
      await Promise.all(
        familyGroups(missed, pointsOf).map(async ({ points, items }) => {
          const evaluations = await run(la, () => evaluateFamily(db, la, items, points, null))
          items.forEach((item, i) => {
            const e = evaluations[i] as KpiEvaluation
            cache.set(bucketOf(la, item.def.sources), e.dataVersion, keyOf(item.def, points, null), e)
            staleIf(la, state, item.def.sources, e.dataVersion)
            out.set(item.def.id, e)
          })
        }),
      )
      return defs.map((d) => out.get(d.id) as KpiEvaluation)
    }

  const svc: KpiService = {
    async authority(la) {
      return states.get(la) ?? states.load(la, () => readAuthority(la))
    },

    async evaluate(la, state, def, points, breakdown) {
      // The versions read first pick the cache entry; a miss stores the result under the version read in
      // the same statement as its figures (it can only be newer, when a write landed in between).
      const key = keyOf(def, points, breakdown)
      const bucket = bucketOf(la, def.sources)
      const version = versionOf(state.versions, def.sources)
      const hit = cache.get<KpiEvaluation>(bucket, version, key)
      if (hit) return hit
      return once(bucket, version, key, async () => {
        const evaluation = await heavy(la, () => evaluateKpi(db, la, def, queryOf(def), points, breakdown))
        cache.set(bucket, evaluation.dataVersion, key, evaluation)
        staleIf(la, state, def.sources, evaluation.dataVersion)
        return evaluation
      })
    },

    evaluateMany: evaluateManyWith(heavy),

    cached: <T>(la: string, version: string, key: string) => cache.get<T>(wholeBucket(la), version, key),
    store: (la: string, version: string, key: string, value: unknown) => cache.set(wholeBucket(la), version, key, value),
    once,

    async comparators(la, state, kpiIds, points) {
      const key = JSON.stringify(['comparators', kpiIds, points])
      const bucket = bucketOf(la, ['benchmarks'])
      const hit = cache.get<Comparators>(bucket, state.versions.benchmarks, key)
      if (hit) return hit
      const { rows } = await sql<{
        kpiId: string
        point: string
        kind: BenchmarkKind
        value: number
        periodEnd: string
        source: string | null
        dataVersion: string
      }>`
        select distinct on (b.kpi_id, pt.point, b.kind) b.kpi_id, pt.point::text as point, b.kind, b.value::float8 as value,
          b.period_end::text as period_end, b.source, (select benchmarks_version::text from authorities where la = ${la}) as data_version
        from unnest(${points}::date[]) pt(point)
        join benchmarks b on b.la = ${la} and b.kpi_id = any(${kpiIds}::text[])
          and b.period_end <= pt.point and b.period_end > (pt.point - interval '12 months')::date
        order by b.kpi_id, pt.point, b.kind, b.period_end desc`.execute(db)
      const byKey = new Map<string, Comparator[]>()
      for (const r of rows) {
        const k = comparatorKey(r.kpiId, r.point)
        const list = byKey.get(k) ?? []
        list.push({ kind: r.kind, value: Number(r.value), periodEnd: r.periodEnd, source: r.source })
        byKey.set(k, list)
      }
      for (const list of byKey.values()) list.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
      // With no rows the version was not read with them: keep them under the version read before.
      const out = { dataVersion: rows[0]?.dataVersion ?? state.versions.benchmarks, byKey }
      cache.set(bucket, out.dataVersion, key, out)
      staleIf(la, state, ['benchmarks'], out.dataVersion)
      return out
    },

    async benchmarksBetween(la, state, kpiId, from, to) {
      const key = JSON.stringify(['benchmarks', kpiId, from, to])
      const bucket = bucketOf(la, ['benchmarks'])
      const hit = cache.get<{ dataVersion: string; items: Comparator[] }>(bucket, state.versions.benchmarks, key)
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
      const items = rows
        .map((r) => ({ kind: r.kind, value: Number(r.value), periodEnd: r.periodEnd, source: r.source }))
        .sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)))
      // Read without the version in the same statement: keep it only under the version read before.
      const out = { dataVersion: state.versions.benchmarks, items }
      cache.set(bucket, out.dataVersion, key, out)
      return out
    },

    async kpi(la, def, point, breakdown, suppress) {
      const state = await svc.authority(la)
      const [evaluation, comparators] = await Promise.all([
        svc.evaluate(la, state, def, [point], breakdown),
        svc.comparators(la, state, [def.id], [point.asAt]),
      ])
      const result = kpiResult(def, point, evaluation, breakdown, state.populationAt, comparators.byKey.get(comparatorKey(def.id, point.asAt)) ?? [], suppress)
      // The answer's version covers everything in it: the figures and the comparators.
      return { ...result, dataVersion: Number(greatest(evaluation.dataVersion, comparators.dataVersion)) }
    },

    async series(la, def, ask, suppress) {
      const state = await svc.authority(la)
      const [evaluation, benchmarks] = await Promise.all([
        ask.points.length ? svc.evaluate(la, state, def, ask.points, null) : { dataVersion: versionOf(state.versions, def.sources), points: [] },
        svc.benchmarksBetween(la, state, def.id, ask.from, ask.to),
      ])
      return {
        id: def.id,
        title: def.title,
        unit: def.unit,
        higherIsBetter: def.higherIsBetter,
        version: def.version,
        interval: ask.interval,
        items: seriesItems(def, ask.points, evaluation, state.populationAt, suppress),
        benchmarks: benchmarks.items,
        dataVersion: Number(greatest(evaluation.dataVersion, benchmarks.dataVersion)),
      }
    },

    async cohort(la, def, point) {
      await svc.authority(la)
      const { versions, rows } = await heavy(la, () => kpiCohortRows(db, la, queryOf(def), point))
      return { id: def.id, title: def.title, period: reportedPeriod(def, point), items: rows, dataVersion: Number(versionOf(versions, def.sources)) }
    },

    scorecard: (la, now, suppress) => scorecard(svc, la, now, suppress),

    refreshStatistics(la) {
      // A failed refresh is the warmer's to log; statements waiting on it go ahead on the old statistics.
      const running = refreshKpiStatistics(db)
      const gate = {
        la,
        done: running.then(
          () => {},
          () => {},
        ),
      }
      refreshing = gate
      void gate.done.then(() => {
        if (refreshing === gate) refreshing = null
      })
      return running
    },

    background: () => ({ ...svc, evaluateMany: evaluateManyWith(backgroundHeavy) }),

    cacheSize: () => cache.size(),
    forget: (la) => states.drop(la),
    statesKept: () => states.size(),
    close: () => states.close(),
  }
  return svc
}

/** The scorecard's date from asAt or year (today by default); period KPIs take the 12 months to it. */
export function scorecardPoint(query: { asAt?: string | undefined; year?: number | undefined }, today: string): KpiPoint {
  // Any at-date KPI resolves the date the same way; admissions also gives the 12 months to it.
  return resolvePoint(kpiById('admissions') as KpiDefinition, { asAt: query.asAt, year: query.year }, today)
}

/**
 * The scorecard's two points of a KPI: at-date KPIs are measured on D and a year earlier; period KPIs
 * count the 12 months to each.
 */
export function scorecardPointsOf(now: KpiPoint): (def: KpiDefinition) => { now: KpiPoint; before: KpiPoint } {
  const atDate = { now: { asAt: now.asAt, from: null }, before: yearEarlier({ asAt: now.asAt, from: null }) }
  const period = { now, before: yearEarlier(now) }
  return (def) => (def.periodKind === 'period' ? period : atDate)
}

/**
 * The board's scorecard: every headline KPI at a date and a year earlier, with comparators, kept whole
 * in the cache under the version of all the data it reads. A free function over the service's parts,
 * shared by the route (through the service) and the warmer.
 */
export async function scorecard(svc: KpiService, la: string, now: KpiPoint, suppress: boolean): Promise<Scorecard> {
  const key = JSON.stringify(['scorecard', now, suppress])
  const state = await svc.authority(la)
  const version = wholeVersion(state)
  const hit = svc.cached<Scorecard>(la, version, key)
  if (hit) return hit
  // Readers that miss together (just after a write) wait for one computation instead of each running it.
  return svc.once(la, version, key, () => computeScorecard(svc, la, state, now, suppress, key))
}

async function computeScorecard(svc: KpiService, la: string, first: AuthorityState, now: KpiPoint, suppress: boolean, key: string): Promise<Scorecard> {
  const defs = headlineKpis()
  const ids = defs.map((d) => d.id)
  const pointsOf = scorecardPointsOf(now)
  const read = (state: AuthorityState) =>
    Promise.all([svc.evaluateMany(la, state, defs, (d) => [pointsOf(d).before, pointsOf(d).now]), svc.comparators(la, state, ids, [now.asAt])])
  // Every figure must be what one state of the data gives: each part read at the version `state` has
  // for the kinds it reads. A write landing between two statements breaks that: read again.
  const agrees = (state: AuthorityState, evaluations: KpiEvaluation[], comparators: Comparators) =>
    comparators.dataVersion === state.versions.benchmarks &&
    evaluations.every((e, i) => e.dataVersion === versionOf(state.versions, (defs[i] as KpiDefinition).sources))
  let state = first
  let [evaluations, comparators] = await read(state)
  for (let attempt = 0; attempt < 3 && !agrees(state, evaluations, comparators); attempt++) {
    state = await svc.authority(la)
    ;[evaluations, comparators] = await read(state)
  }
  const consistent = agrees(state, evaluations, comparators)
  const body: Scorecard = {
    asAt: now.asAt,
    yearEarlier: yearEarlier({ asAt: now.asAt, from: null }).asAt,
    items: defs.map((d, i) =>
      scorecardItem(
        d,
        pointsOf(d).now,
        pointsOf(d).before,
        evaluations[i] as KpiEvaluation,
        state.populationAt,
        comparators.byKey.get(comparatorKey(d.id, now.asAt)) ?? [],
        suppress,
      ),
    ),
    dataVersion: Number(consistent ? wholeVersion(state) : greatest(comparators.dataVersion, ...evaluations.map((e) => e.dataVersion))),
  }
  // The whole answer is kept too, under the one version all its figures were read at.
  if (consistent) svc.store(la, wholeVersion(state), key, body)
  return body
}
