/**
 * SQL pieces the KPI queries share.
 *
 * KPIs come in families. A family's base is a set of rows computed once per point `p` (a lateral
 * subquery): children in care on D with everything known about them, admissions in a period, care
 * leavers of an age... Each KPI of the family is a few expressions over a base row `b` (is it in the
 * cohort, in the denominator, counted), so the scorecard computes a whole family in one statement.
 * Optional facts sit behind LEFT JOINs to grouped or DISTINCT subqueries (or unique keys), which
 * PostgreSQL removes from the plan when no KPI of the statement reads them: a single KPI costs only
 * what it uses.
 *
 * Every base reads the point's columns: p.as_at (D), p.period_from (period KPIs), p.m6, p.m12, p.m24,
 * p.m30 (D minus so many months, day clamped to the month end: computed with the domain's addMonths so
 * SQL and the rules never disagree on month arithmetic).
 */
import { sql, type RawBuilder } from 'kysely'
import { addMonths } from '../../../domain/dates/calendar.ts'
import { AGE_BANDS, ETHNICITY_GROUPS, NONE, SEX_GROUPS, type Dimension } from '../../../domain/kpis/index.ts'

/** One SQL expression or fragment. */
export type Sql = RawBuilder<unknown>

/** What a base is built for: the authority and, as a jsonb parameter, the IHA deadline of each start date. */
export interface QueryContext {
  la: string
  /** The earliest and latest D of the points (YYYY-MM-DD). */
  earliest: string
  latest: string
  /** jsonb object {"YYYY-MM-DD": "YYYY-MM-DD"}: the 20th working day after each start date in range. */
  deadlines: Sql
}

export interface KpiFamily {
  /** KPIs of one family are computed together. */
  key: string
  /**
   * The base rows at point p. Every base has child_id, age_on (the date age and UASC status are taken
   * on), legal_status, placement_type, placement_provider and reason_ended (breakdowns; may be null),
   * then columns of its own.
   */
  base: (ctx: QueryContext) => Sql
  /**
   * Common table expressions computed once for all points (after p, which they may read, e.g. its
   * earliest and latest dates): facts that do not depend on D, so a long series does not recompute them.
   */
  ctes?: (ctx: QueryContext) => Sql
  /** The base reads the deadlines parameter. */
  deadlines?: boolean
  /**
   * The base reads `care_episodes` (careEpisodes below) for the episodes open on its dates, the
   * earliest of them so many months before the earliest D.
   */
  careEpisodes?: { monthsBeforeD: number }
}

/** A KPI: expressions over a base row b of its family (and p, the point). */
export interface KpiQuery {
  family: KpiFamily
  /** In this KPI's cohort (default: every base row). */
  member?: Sql
  /** In the denominator (default: every cohort row). */
  inDenominator?: Sql
  /** In the numerator. */
  counted: Sql
  /** The value averaged (averages). */
  measure?: Sql
  /**
   * For figures of things a row holds several of (a child's suspensions, sessions attended): how
   * many the row adds to the numerator when counted, and to the denominator when in it (default one
   * each). The cohort size stays a count of rows.
   */
  weight?: { counted: Sql; denominator?: Sql }
  /** A detail key the row is counted in, or null. */
  note?: Sql
  /** jsonb: what decided it, for the drill-down. */
  facts: Sql
  /**
   * Its drill-down shows IHA deadlines of times in care begun long before D: the deadlines parameter
   * then covers every start the bank-holiday calendar can (the aggregate never needs them).
   */
  pastDeadlines?: boolean
}

/** SQL list literal of codes (fixed lists from the code, never user input). */
export function codes(list: readonly string[]): Sql {
  for (const c of list) if (!/^[A-Za-z0-9_-]+$/.test(c)) throw new Error(`bad code ${c}`)
  return sql.raw(`(${list.map((c) => `'${c}'`).join(', ')})`)
}

/**
 * Age in whole years on d: birthdays passed. Comparing month*100+day also gives the 5b rule for a
 * 29 February birthday (kept on 1 March in other years): in a non-leap year no day is 229, so
 * 28 February is before the birthday and 1 March is on or after it. (date_part is used rather than
 * to_char: it is many times cheaper, and ages are computed for every row.)
 */
export function ageOn(dob: Sql, d: Sql): Sql {
  const md = (x: Sql) => sql`(date_part('month', ${x}) * 100 + date_part('day', ${x}))`
  return sql`(date_part('year', ${d}) - date_part('year', ${dob}) - (case when ${md(d)} < ${md(dob)} then 1 else 0 end))::int`
}

/** The n-th birthday (5b: 29 February falls on 1 March in other years; Postgres's year arithmetic clamps to 28 February). */
export function birthday(dob: Sql, years: number | Sql): Sql {
  const plus = sql`(${dob} + make_interval(years => ${typeof years === 'number' ? sql.lit(years) : years}))::date`
  return sql`(case when date_part('month', ${dob}) = 2 and date_part('day', ${dob}) = 29 and date_part('day', ${plus}) = 28 then ${plus} + 1 else ${plus} end)`
}

/**
 * The authority's episodes (no short breaks) that can be open on any date a base asks about, read
 * once per statement: from `monthsBeforeD` before the earliest D to the latest D (dates given, so the
 * planner sees how few of the authority's episodes that is). A base then finds each
 * point's open episodes in this set, not through the (la, date range) GiST index once per point:
 * the index's search, comparing each entry's authority in the collation, was most of a 36-month
 * trend's time. Only the columns the bases read, so a long series' set stays in memory; with the
 * child's date of birth and UASC status, joined once here rather than at every point.
 */
function careEpisodes(ctx: QueryContext, monthsBeforeD: number): Sql {
  const from = addMonths(ctx.earliest, -monthsBeforeD)
  return sql`care_episodes as materialized (
    select e.la, e.child_id, e.start_date, e.end_date, e.legal_status, e.placement_type, e.placement_provider,
      e.placement_la, e.derived_placement_la, e.placement_distance, e.derived_placement_distance,
      e.care_start, e.care_period_seq, e.placement_spell_seq, c.date_of_birth, c.uasc, c.uasc_ceased_on
    from episodes e
    left join children c on c.la = e.la and c.child_id = e.child_id
    where e.la = ${ctx.la} and not e.short_break and e.start_date <= ${ctx.latest}::date and (e.end_date is null or e.end_date > ${from}::date))`
}

/** The statement's common table expressions after p: the care episodes, then the family's own. */
export function familyCtes(family: KpiFamily, ctx: QueryContext): Sql {
  const ctes = [...(family.careEpisodes ? [careEpisodes(ctx, family.careEpisodes.monthsBeforeD)] : []), ...(family.ctes ? [family.ctes(ctx)] : [])]
  return ctes.length ? sql`, ${sql.join(ctes)}` : sql``
}

/**
 * Condition: the care episode `alias` (default e, a row of care_episodes: the authority's, no short
 * breaks) is open on d (5a "in care at D"). Two comparisons, not a range built per row: care_episodes
 * has no index to serve one.
 */
export function inCareAt(d: Sql = sql`p.as_at`, alias = 'e'): Sql {
  const e = sql.raw(alias)
  return sql`(${e}.start_date <= ${d} and (${e}.end_date is null or ${e}.end_date > ${d}))`
}

/** The child (alias c) is UASC on d. */
export function uascOn(d: Sql, alias = 'c'): Sql {
  const c = sql.raw(alias)
  return sql`(${c}.uasc and (${c}.uasc_ceased_on is null or ${c}.uasc_ceased_on > ${d}))`
}

/** The IHA deadline of a start date, from the deadlines parameter (null outside its range). */
export function deadlineOf(ctx: QueryContext, start: Sql): Sql {
  return sql`((${ctx.deadlines}) ->> (${start})::text)::date`
}

/** Next assessment due after one on `a` (5b): A + 6 months when under 5 on that day, else A + 12 months. */
export function nextDue(a: Sql, dob: Sql): Sql {
  const six = sql`(${a} + interval '6 months')::date`
  return sql`(case when ${ageOn(dob, six)} < 5 then ${six} else (${a} + interval '12 months')::date end)`
}

/** Health assessments: initial and review (5b). */
export const ASSESSMENT_KINDS = codes(['initial_health_assessment', 'review_health_assessment'])

/** Reasons for which a young person who left care is not a care leaver (5b). */
export const NOT_CARE_LEAVER = ['E2', 'E3', 'E11', 'E12', 'E41', 'E45', 'E46', 'E47', 'E48'] as const

/** Group key of a breakdown dimension for base row b and its child c. */
export function dimensionKey(dimension: Dimension): Sql {
  switch (dimension) {
    case 'ageBand': {
      const age = ageOn(sql`c.date_of_birth`, sql`b.age_on`)
      const whens = AGE_BANDS.map(([key, , below]) => (below === null ? sql`else ${sql.lit(key)}` : sql`when ${age} < ${sql.lit(below)} then ${sql.lit(key)}`))
      return sql`(case when c.date_of_birth is null or b.age_on is null then null ${sql.join(whens, sql` `)} end)`
    }
    case 'sex':
      return sql`(case ${sql.join(
        SEX_GROUPS.map(([key, , list]) => sql`when c.sex in ${codes(list)} then ${sql.lit(key)}`),
        sql` `,
      )} else ${sql.lit(NONE)} end)`
    case 'ethnicityGroup':
      return sql`(case ${sql.join(
        ETHNICITY_GROUPS.map(([key, , list]) => sql`when c.ethnicity in ${codes(list)} then ${sql.lit(key)}`),
        sql` `,
      )} else 'not-known' end)`
    case 'uasc':
      return sql`(case when ${uascOn(sql`b.age_on`)} then 'uasc' else 'not-uasc' end)`
    case 'legalStatus':
      return sql`coalesce(b.legal_status, ${sql.lit(NONE)})`
    case 'placementType':
      return sql`coalesce(b.placement_type, ${sql.lit(NONE)})`
    case 'provider':
      return sql`coalesce(b.placement_provider, ${sql.lit(NONE)})`
    case 'reasonEnded':
      return sql`coalesce(b.reason_ended, ${sql.lit(NONE)})`
  }
}
