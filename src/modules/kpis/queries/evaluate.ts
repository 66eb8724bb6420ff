/**
 * Runs KPIs of one family for one or many points in one statement: the family's base is a lateral
 * subquery evaluated for each point (a series is one query, not one per period), every KPI is
 * aggregated from it in the database, optionally split by a breakdown dimension with grouping sets.
 * The versions of the kinds of data are read in the same statement, so the figures and the version
 * they belong to come from one snapshot.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.ts'
import { kindVersionsSql, parseKindVersions, readKindVersions, versionOf, type KindVersions } from '../../../db/data-version.ts'
import { bankHolidayRange } from '../../../domain/dates/bank-holidays.ts'
import { addMonths } from '../../../domain/dates/calendar.ts'
import { windowsOf, workingDayDeadlines, type Dimension, type KpiCounts, type KpiDefinition, type KpiPoint } from '../../../domain/kpis/index.ts'
import { dimensionKey, familyCtes, type KpiFamily, type KpiQuery, type QueryContext, type Sql } from './fragments.ts'

export interface KpiEvaluation {
  /**
   * The version of the kinds of data the KPI reads (its sources) when the figures were read: the
   * authority's data version at their latest change (a string: it is a bigint).
   */
  dataVersion: string
  points: Array<{ asAt: string; total: KpiCounts; groups: Array<{ key: string; counts: KpiCounts }> }>
}

/** The points as the set `p` every base reads. */
function pointsSet(la: string, points: readonly KpiPoint[]): Sql {
  const w = points.map((p) => windowsOf(p.asAt))
  const dates = (f: (i: number) => string | null) => sql`${points.map((_, i) => f(i))}::date[]`
  return sql`p as (select u.*, ${la}::char(3) as la from unnest(
      ${dates((i) => (points[i] as KpiPoint).asAt)}, ${dates((i) => (points[i] as KpiPoint).from)},
      ${dates((i) => w[i]?.m6 ?? null)}, ${dates((i) => w[i]?.m12 ?? null)},
      ${dates((i) => w[i]?.m24 ?? null)}, ${dates((i) => w[i]?.m30 ?? null)}
    ) as u(as_at, period_from, m6, m12, m24, m30))`
}

const deadlineCache = new Map<string, string>()

/**
 * IHA deadlines, as a jsonb object, for every start date a base may look up: admissions in the 12
 * months to each point and current times in care begun in them (older ones are long past it); with
 * `past`, every start the bank-holiday calendar covers (a drill-down that shows old deadlines).
 */
function deadlinesJson(points: readonly KpiPoint[], past = false): string {
  const dates = points.map((p) => p.asAt).sort()
  const from = past ? bankHolidayRange.first : addMonths(dates[0] as string, -13)
  const to = dates[dates.length - 1] as string
  const key = `${from}|${to}`
  let json = deadlineCache.get(key)
  if (json === undefined) {
    const table = workingDayDeadlines(from, to, 20)
    json = JSON.stringify(Object.fromEntries(table.starts.map((s, i) => [s, table.deadlines[i]])))
    if (deadlineCache.size > 200) deadlineCache.clear()
    deadlineCache.set(key, json)
  }
  return json
}

function context(la: string, family: KpiFamily, points: readonly KpiPoint[], past = false): QueryContext {
  const dates = points.map((p) => p.asAt).sort()
  return {
    la,
    earliest: dates[0] as string,
    latest: dates[dates.length - 1] as string,
    deadlines: family.deadlines ? sql`${deadlinesJson(points, past)}::jsonb` : sql`'{}'::jsonb`,
  }
}

const bool = (e: Sql | undefined) => (e ? sql`coalesce((${e}), false)` : sql`true`)

/**
 * Per base row, each KPI's flags computed once: in the cohort (k<i>m), in the denominator (k<i>d),
 * counted (k<i>n), its measure (k<i>s) and detail key (k<i>x).
 */
function flagColumns(items: readonly KpiItem[]): Sql {
  return sql.join(
    items.map(({ def, query: q }, i) => {
      const m = sql`b.child_id is not null and ${bool(q.member)}`
      const d = sql`${m} and ${bool(q.inDenominator)}`
      const col = (suffix: string) => sql.raw(`k${i}${suffix}`)
      // Only the columns this KPI reads: every row computes them.
      const cols = [sql`${m} as ${col('m')}`, sql`${d} as ${col('d')}`, sql`${d} and ${bool(q.counted)} as ${col('n')}`]
      if (q.measure) cols.push(sql`(${q.measure})::numeric as ${col('s')}`)
      if (def.details.length) cols.push(sql`(${q.note ?? sql`null`})::text as ${col('x')}`)
      if (q.weight?.denominator) cols.push(sql`coalesce((${q.weight.denominator}), 0) as ${col('w')}`)
      if (q.weight) cols.push(sql`coalesce((${q.weight.counted}), 0) as ${col('v')}`)
      return sql.join(cols)
    }),
  )
}

/**
 * The aggregates of KPI i over the flag rows r, as jsonb {c, d, n, s, m, q, x}: q is the median of the
 * measure (percentile_cont: of an even count, the mean of the middle two), for medians only.
 */
function aggregate(def: KpiDefinition, q: KpiQuery, i: number): Sql {
  const col = (suffix: string) => sql.raw(`r.k${i}${suffix}`)
  const count = (flag: string, weight: string | null) =>
    weight ? sql`coalesce(sum(${col(weight)}) filter (where ${col(flag)}), 0)` : sql`count(*) filter (where ${col(flag)})`
  const details = def.details.length
    ? sql`jsonb_build_object(${sql.join(def.details.map((k) => sql`${sql.lit(k.key)}::text, count(*) filter (where ${col('m')} and ${col('x')} = ${sql.lit(k.key)})`))})`
    : sql`'{}'::jsonb`
  return sql`jsonb_build_object(
    'c', ${count('m', null)}, 'd', ${count('d', q.weight?.denominator ? 'w' : null)}, 'n', ${count('n', q.weight ? 'v' : null)},
    's', ${q.measure ? sql`sum(${col('s')}) filter (where ${col('d')})` : sql`null::numeric`},
    'm', ${q.measure ? sql`count(${col('s')}) filter (where ${col('d')})` : sql`0`},
    'q', ${def.unit === 'median' && q.measure ? sql`percentile_cont(0.5) within group (order by ${col('s')}) filter (where ${col('d')})` : sql`null::float8`},
    'x', ${details})`
}

interface Figures {
  c: number
  d: number
  n: number
  s: number | string | null
  m: number
  q: number | null
  x: Record<string, number>
}

function countsOf(def: KpiDefinition, f: Figures): KpiCounts {
  return {
    cohortSize: Number(f.c),
    denominator: Number(f.d),
    numerator: Number(f.n),
    measureSum: f.s === null ? null : Number(f.s),
    measureCount: Number(f.m),
    measureMedian: f.q === null || f.q === undefined ? null : Number(f.q),
    details: Object.fromEntries(def.details.map((k) => [k.key, Number(f.x[k.key] ?? 0)])),
  }
}

function emptyCounts(def: KpiDefinition): KpiCounts {
  return {
    cohortSize: 0,
    denominator: 0,
    numerator: 0,
    measureSum: null,
    measureCount: 0,
    measureMedian: null,
    details: Object.fromEntries(def.details.map((d) => [d.key, 0])),
  }
}

export interface KpiItem {
  def: KpiDefinition
  query: KpiQuery
}

/**
 * The counts of several KPIs of one family at each point (oldest first), in one statement; with a
 * breakdown (one KPI only), the groups too.
 */
export async function evaluateFamily(
  db: Kysely<Database>,
  la: string,
  items: readonly KpiItem[],
  points: readonly KpiPoint[],
  breakdown: Dimension | null,
): Promise<KpiEvaluation[]> {
  const { rows } = await withoutJit(db, (trx) => familyStatement(la, items, points, breakdown).execute(trx))

  const versions = rows[0] ? parseKindVersions(rows[0].versions) : await readKindVersions(db, la)
  return items.map((item, k) => {
    const byPoint = new Map<string, KpiEvaluation['points'][number]>()
    for (const p of points) byPoint.set(p.asAt, { asAt: p.asAt, total: emptyCounts(item.def), groups: [] })
    for (const r of rows) {
      const slot = byPoint.get(r.point)
      const f = r.figures[k]
      if (!slot || !f) continue
      const counts = countsOf(item.def, f)
      if (r.isTotal) slot.total = counts
      else if (counts.cohortSize > 0 && r.grp !== null) slot.groups.push({ key: r.grp, counts })
    }
    return { dataVersion: versionOf(versions, item.def.sources), points: [...byPoint.values()] }
  })
}

/** The statement of evaluateFamily (a test reads its plan: which tables each KPI really reads). */
export function familyStatement(la: string, items: readonly KpiItem[], points: readonly KpiPoint[], breakdown: Dimension | null) {
  const family = items[0]?.query.family
  if (!family || items.some((i) => i.query.family !== family)) throw new Error('evaluateFamily: KPIs of one family only')
  if (breakdown && items.length !== 1) throw new Error('evaluateFamily: a breakdown is for one KPI')
  // Each point is aggregated on its own (a lateral subquery), so a long series never sorts or hashes
  // one big set. The flags are computed once per row (OFFSET 0 keeps the planner from copying each
  // expression into every aggregate that reads it). Without a breakdown the aggregate has no GROUP BY,
  // so a point with no rows still gives its row of zeros.
  const ctx = context(la, family, points)
  // The family named in a comment, so pg_stat_activity and the server's slow-query log say which it is.
  if (!/^[a-z0-9-]+$/.test(family.key)) throw new Error(`bad family key ${family.key}`)
  return sql<{ point: string; grp: string | null; isTotal: boolean; figures: Figures[]; versions: string | null }>`
    /* kpi family ${sql.raw(family.key)}, ${sql.raw(String(points.length))} points */
    with ${pointsSet(la, points)}${familyCtes(family, ctx)}
    select p.as_at::text as point, a.grp, a.is_total, a.figures, ${kindVersionsSql(la)} as versions
    from p cross join lateral (
      select ${breakdown ? sql`r.grp, grouping(r.grp) = 1` : sql`null::text as grp, true`} as is_total,
        jsonb_build_array(${sql.join(items.map((i, k) => aggregate(i.def, i.query, k)))}) as figures
      from (
        select ${breakdown ? sql`${dimensionKey(breakdown)} as grp,` : sql``} ${flagColumns(items)}
        from (${family.base(ctx)} offset 0) b
        ${breakdown ? sql`left join children c on c.la = ${la} and c.child_id = b.child_id` : sql``}
        offset 0
      ) r
      ${breakdown ? sql`group by grouping sets ((), (r.grp))` : sql``}
    ) a`
}

/**
 * Runs a KPI statement with just-in-time compilation off (the statements are big enough for
 * PostgreSQL to JIT-compile them, which costs tens of milliseconds and saves nothing at this size) and
 * nested-loop joins discouraged: the planner cannot estimate how many rows a date window holds, and
 * a nested loop over a set it thought tiny turns a 5 ms point into seconds. Hash joins cost about the
 * same when it guessed right. Lateral joins (one evaluation per point) still run as nested loops,
 * which is what they are. Parallel workers are off too: the scorecard already runs its statements side
 * by side, and workers starting up cost more than these scans. SET LOCAL lasts only for this transaction.
 */
async function withoutJit<T>(db: Kysely<Database>, run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('jit', 'off', true), set_config('enable_nestloop', 'off', true),
      set_config('max_parallel_workers_per_gather', '0', true)`.execute(trx)
    return run(trx)
  })
}

/** One KPI at each point; see evaluateFamily. */
export async function evaluateKpi(
  db: Kysely<Database>,
  la: string,
  def: KpiDefinition,
  query: KpiQuery,
  points: readonly KpiPoint[],
  breakdown: Dimension | null,
): Promise<KpiEvaluation> {
  return (await evaluateFamily(db, la, [{ def, query }], points, breakdown))[0] as KpiEvaluation
}

/** One row of a drill-down: a member of the cohort and what decided it. */
export interface CohortRow {
  childId: string
  /** The date the row is about (D, or the event's date). */
  date: string
  inDenominator: boolean
  counted: boolean
  measure: number | null
  note: string | null
  facts: Record<string, unknown>
  legalStatus: string | null
  placementType: string | null
  placementProvider: string | null
  reasonEnded: string | null
}

/** Every row of the cohort at one point, by child id, with the kind versions of the same snapshot. */
export async function kpiCohortRows(
  db: Kysely<Database>,
  la: string,
  query: KpiQuery,
  point: KpiPoint,
): Promise<{ versions: KindVersions; rows: CohortRow[] }> {
  const { rows } = await withoutJit(db, (trx) =>
    sql<{
      childId: string
      ageOn: string
      inDenominator: boolean
      counted: boolean
      measure: number | null
      note: string | null
      facts: Record<string, unknown>
      legalStatus: string | null
      placementType: string | null
      placementProvider: string | null
      reasonEnded: string | null
      versions: string | null
    }>`
    with ${pointsSet(la, [point])}${familyCtes(query.family, context(la, query.family, [point], query.pastDeadlines))}
    select b.child_id, b.age_on::text as age_on, ${bool(query.inDenominator)} as in_denominator,
      ${bool(query.inDenominator)} and ${bool(query.counted)} as counted,
      (${query.measure ?? sql`null`})::float8 as measure, (${query.note ?? sql`null`})::text as note, ${query.facts} as facts,
      b.legal_status, b.placement_type, b.placement_provider, b.reason_ended, ${kindVersionsSql(la)} as versions
    from p cross join lateral (${query.family.base(context(la, query.family, [point], query.pastDeadlines))} offset 0) b
    where ${bool(query.member)}`.execute(trx),
  )
  return {
    versions: rows[0] ? parseKindVersions(rows[0].versions) : await readKindVersions(db, la),
    // Sorted here rather than by the database's collation, so every database lists them alike.
    rows: rows
      .sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : a.ageOn < b.ageOn ? -1 : a.ageOn > b.ageOn ? 1 : 0))
      .map((r) => ({
        childId: r.childId,
        date: r.ageOn,
        inDenominator: r.inDenominator,
        counted: r.counted,
        measure: r.measure === null ? null : Number(r.measure),
        note: r.note,
        facts: r.facts,
        legalStatus: r.legalStatus,
        placementType: r.placementType,
        placementProvider: r.placementProvider,
        reasonEnded: r.reasonEnded,
      })),
  }
}
