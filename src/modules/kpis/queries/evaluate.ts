/**
 * Runs a KPI's cohort SQL for one or many points in one statement: the cohort is a lateral subquery
 * evaluated for each point (a series is one query, not one per period), aggregated in the database,
 * optionally split by a breakdown dimension with grouping sets. The data version is read in the same
 * statement, so the figures and the version they belong to come from one snapshot.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.ts'
import { addMonths } from '../../../domain/dates/calendar.ts'
import {
  windowsOf,
  workingDayDeadlines,
  type DeadlineTable,
  type Dimension,
  type KpiCounts,
  type KpiDefinition,
  type KpiPoint,
} from '../../../domain/kpis/index.ts'
import { dimensionKey, type KpiQuery, type Sql } from './fragments.ts'

export interface KpiEvaluation {
  /** authorities.data_version when the figures were read (a string: it is a bigint). */
  dataVersion: string
  points: Array<{ asAt: string; total: KpiCounts; groups: Array<{ key: string; counts: KpiCounts }> }>
}

/** The points as the set `p` every cohort reads. */
function pointsSet(points: readonly KpiPoint[]): Sql {
  const col = (f: (p: KpiPoint) => string | null) => sql`${points.map(f)}::date[]`
  const w = points.map((p) => windowsOf(p.asAt))
  const at = (i: number) => w[i] as ReturnType<typeof windowsOf>
  return sql`p (as_at, period_from, m6, m12, m24, m30) as (
    select * from unnest(${col((p) => p.asAt)}, ${col((p) => p.from)},
      ${sql`${w.map((_, i) => at(i).m6)}::date[]`}, ${sql`${w.map((_, i) => at(i).m12)}::date[]`},
      ${sql`${w.map((_, i) => at(i).m24)}::date[]`}, ${sql`${w.map((_, i) => at(i).m30)}::date[]`}))`
}

const deadlineCache = new Map<string, DeadlineTable>()

/**
 * IHA deadlines for every start date a cohort may look up: admissions in the 12 months to each point,
 * and the start of a current period of care (older ones are long past their deadline).
 */
function deadlinesFor(points: readonly KpiPoint[]): DeadlineTable {
  const dates = points.map((p) => p.asAt).sort()
  const from = addMonths(dates[0] as string, -13)
  const to = dates[dates.length - 1] as string
  const key = `${from}|${to}`
  let table = deadlineCache.get(key)
  if (!table) {
    table = workingDayDeadlines(from, to, 20)
    if (deadlineCache.size > 200) deadlineCache.clear()
    deadlineCache.set(key, table)
  }
  return table
}

function withClause(q: KpiQuery, points: readonly KpiPoint[]): Sql {
  if (!q.deadlines) return sql`with ${pointsSet(points)}`
  const d = deadlinesFor(points)
  return sql`with ${pointsSet(points)}, iha_deadlines (start_date, deadline) as materialized (
    select * from unnest(${d.starts}::date[], ${d.deadlines}::date[]))`
}

/** A row of the aggregate (column names as the CamelCasePlugin hands them over). */
interface AggregateRow {
  point: string
  grp: string | null
  isTotal: boolean
  cohortSize: number
  denominator: number
  numerator: number
  measureSum: number | null
  measureCount: number
  details: Record<string, number>
  dataVersion: string
}

function countsOf(def: KpiDefinition, r: AggregateRow): KpiCounts {
  const details: Record<string, number> = {}
  for (const d of def.details) details[d.key] = Number(r.details[d.key] ?? 0)
  return {
    cohortSize: r.cohortSize,
    denominator: r.denominator,
    numerator: r.numerator,
    measureSum: r.measureSum === null ? null : Number(r.measureSum),
    measureCount: r.measureCount,
    details,
  }
}

/** The KPI's counts at each point (oldest first), with the groups of a breakdown when asked. */
export async function evaluateKpi(
  db: Kysely<Database>,
  la: string,
  def: KpiDefinition,
  query: KpiQuery,
  points: readonly KpiPoint[],
  breakdown: Dimension | null,
): Promise<KpiEvaluation> {
  const grp = breakdown ? dimensionKey(breakdown) : sql`null::text`
  const joinChild = breakdown ? sql`left join children c on c.la = ${la} and c.child_id = x.child_id` : sql``
  // Detail keys are camelCase words: the CamelCasePlugin leaves them as they are.
  const details = def.details.length
    ? sql`jsonb_build_object(${sql.join(def.details.map((d) => sql`${sql.lit(d.key)}::text, (count(*) filter (where note = ${sql.lit(d.key)}))::int`))})`
    : sql`'{}'::jsonb`
  const { rows } = await sql<AggregateRow>`
    ${withClause(query, points)},
    cohort as (
      select p.as_at as point, x.child_id, x.in_denominator, x.counted, x.measure, x.note, ${grp} as grp
      from p left join lateral (${query.cohort(la)}) x on true
      ${joinChild}
    )
    select point::text as point, ${breakdown ? sql`grp, grouping(grp) = 1` : sql`null::text as grp, true`} as is_total,
      count(child_id)::int as cohort_size,
      (count(*) filter (where in_denominator))::int as denominator,
      (count(*) filter (where in_denominator and counted))::int as numerator,
      (sum(measure) filter (where in_denominator))::float8 as measure_sum,
      (count(measure) filter (where in_denominator))::int as measure_count,
      ${details} as details,
      (select data_version::text from authorities where la = ${la}) as data_version
    from cohort
    group by ${breakdown ? sql`grouping sets ((point), (point, grp))` : sql`point`}
    order by 1, 2 nulls first`.execute(db)

  const byPoint = new Map<string, KpiEvaluation['points'][number]>()
  for (const p of points) byPoint.set(p.asAt, { asAt: p.asAt, total: emptyCounts(def), groups: [] })
  let dataVersion = ''
  for (const r of rows) {
    dataVersion = r.dataVersion
    const slot = byPoint.get(r.point)
    if (!slot) continue
    if (r.isTotal) slot.total = countsOf(def, r)
    else if (r.cohortSize > 0 && r.grp !== null) slot.groups.push({ key: r.grp, counts: countsOf(def, r) })
  }
  if (dataVersion === '') dataVersion = await readDataVersion(db, la)
  return { dataVersion, points: [...byPoint.values()] }
}

function emptyCounts(def: KpiDefinition): KpiCounts {
  return { cohortSize: 0, denominator: 0, numerator: 0, measureSum: null, measureCount: 0, details: Object.fromEntries(def.details.map((d) => [d.key, 0])) }
}

async function readDataVersion(db: Kysely<Database>, la: string): Promise<string> {
  const row = await db.selectFrom('authorities').select('dataVersion').where('la', '=', la).executeTakeFirst()
  return row ? String(row.dataVersion) : '0'
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

/** Every row of the cohort at one point, by child id, with the data version of the same snapshot. */
export async function kpiCohortRows(
  db: Kysely<Database>,
  la: string,
  query: KpiQuery,
  point: KpiPoint,
): Promise<{ dataVersion: string; rows: CohortRow[] }> {
  const { rows } = await sql<{
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
    dataVersion: string
  }>`
    ${withClause(query, [point])}
    select x.child_id, x.age_on::text as age_on, x.in_denominator, x.counted, x.measure::float8 as measure, x.note, x.facts,
      x.legal_status, x.placement_type, x.placement_provider, x.reason_ended,
      (select data_version::text from authorities where la = ${la}) as data_version
    from p cross join lateral (${query.cohort(la)}) x
`.execute(db)
  return {
    dataVersion: rows[0]?.dataVersion ?? (await readDataVersion(db, la)),
    // Sorted here rather than by the database's collation, so every database lists them alike.
    rows: rows.sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : a.ageOn < b.ageOn ? -1 : 1)).map((r) => ({
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
