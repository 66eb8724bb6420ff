/**
 * SQL pieces the KPI cohorts share. Every cohort is a subquery evaluated once per point `p`, whose
 * columns are p.as_at (D), p.period_from (first day of the period, period KPIs) and p.m6, p.m12, p.m24,
 * p.m30 (D minus that many months, day clamped to the month end: computed in TypeScript with the
 * domain's addMonths so SQL and the rules never disagree on month arithmetic).
 */
import { sql, type RawBuilder } from 'kysely'
import { AGE_BANDS, ETHNICITY_GROUPS, NONE, SEX_GROUPS, type Dimension } from '../../../domain/kpis/index.ts'

/** One SQL expression or fragment (a raw builder of unknown type). */
export type Sql = RawBuilder<unknown>

/** A cohort for one authority: the rows behind a KPI at point p (see CohortColumns). */
export interface KpiQuery {
  cohort: (la: string) => Sql
  /** The cohort joins iha_deadlines(start_date, deadline): the IHA deadline of each start date. */
  deadlines?: boolean
}

/**
 * The columns every cohort row has, in this order:
 * child_id, age_on (the date the child's age and UASC status are taken on), legal_status,
 * placement_type, placement_provider, reason_ended (for breakdowns; null when not relevant),
 * in_denominator, counted (in the numerator), measure (averages), note (a detail key or null) and
 * facts (jsonb: what decided it, for the drill-down).
 */
export interface CohortColumns {
  childId?: Sql
  ageOn?: Sql
  legalStatus?: Sql
  placementType?: Sql
  placementProvider?: Sql
  reasonEnded?: Sql
  inDenominator?: Sql
  counted: Sql
  measure?: Sql
  note?: Sql
  facts: Sql
}

/** The select list of a cohort row; defaults fit a cohort of episodes `e` open on D. */
export function cohortSelect(c: CohortColumns): Sql {
  return sql`select
    ${c.childId ?? sql`e.child_id`} as child_id,
    ${c.ageOn ?? sql`p.as_at`}::date as age_on,
    ${c.legalStatus ?? sql`e.legal_status`}::text as legal_status,
    ${c.placementType ?? sql`e.placement_type`}::text as placement_type,
    ${c.placementProvider ?? sql`e.placement_provider`}::text as placement_provider,
    ${c.reasonEnded ?? sql`null`}::text as reason_ended,
    coalesce(${c.inDenominator ?? sql`true`}, false) as in_denominator,
    coalesce(${c.counted}, false) as counted,
    ${c.measure ?? sql`null`}::numeric as measure,
    ${c.note ?? sql`null`}::text as note,
    ${c.facts} as facts`
}

/** SQL list literal of codes (fixed lists from the code, never user input). */
export function codes(list: readonly string[]): Sql {
  for (const c of list) if (!/^[A-Za-z0-9_-]+$/.test(c)) throw new Error(`bad code ${c}`)
  return sql.raw(`(${list.map((c) => `'${c}'`).join(', ')})`)
}

/**
 * Age in whole years on d: birthdays passed. Comparing month-day text also gives the 5b rule for a
 * 29 February birthday (kept on 1 March in other years): in a non-leap year no day reads '0229', so
 * 28 February is before the birthday and 1 March is on or after it.
 */
export function ageOn(dob: Sql, d: Sql): Sql {
  return sql`(extract(year from ${d})::int - extract(year from ${dob})::int - (to_char(${d}, 'MMDD') < to_char(${dob}, 'MMDD'))::int)`
}

/** The n-th birthday (5b: 29 February falls on 1 March in other years; Postgres's year arithmetic clamps to 28 February). */
export function birthday(dob: Sql, years: number | Sql): Sql {
  const plus = sql`(${dob} + make_interval(years => ${typeof years === 'number' ? sql.lit(years) : years}))::date`
  return sql`(case when to_char(${dob}, 'MMDD') = '0229' and extract(day from ${plus}) = 28 then ${plus} + 1 else ${plus} end)`
}

/** Condition: episode `alias` (default e) of authority `la` is open on d and not a short break (5a "in care at D"). */
export function inCareAt(la: string, d: Sql = sql`p.as_at`, alias = 'e'): Sql {
  const e = sql.raw(alias)
  return sql`(${e}.la = ${la} and not ${e}.short_break and daterange(${e}.start_date, ${e}.end_date, '[)') @> ${d})`
}

/** The child (alias c) is UASC on d. */
export function uascOn(d: Sql, alias = 'c'): Sql {
  const c = sql.raw(alias)
  return sql`(${c}.uasc and (${c}.uasc_ceased_on is null or ${c}.uasc_ceased_on > ${d}))`
}

/** Reasons for which a young person who left care is not a care leaver (5b). */
export const NOT_CARE_LEAVER = ['E2', 'E3', 'E11', 'E12', 'E41', 'E45', 'E46', 'E47', 'E48'] as const

/**
 * 5b: the child (alias c) is a care leaver on day x: not in care on x; 91 days or more in care on or
 * after the 14th birthday (V3/V4 ignored), some of it on or after the 16th; the latest cessation on or
 * before x is not death, transfer, adoption, a residence/child arrangements order or an SGO.
 * An episode covers the days from DECOM to the day before DEC; care after x is not counted.
 */
export function careLeaverOn(x: Sql, alias = 'c'): Sql {
  const c = sql.raw(alias)
  const mine = sql`i.la = ${c}.la and i.child_id = ${c}.child_id and not i.short_break`
  const b14 = birthday(sql`${c}.date_of_birth`, 14)
  const b16 = birthday(sql`${c}.date_of_birth`, 16)
  return sql`(
    not exists (select 1 from episodes i where ${mine} and daterange(i.start_date, i.end_date, '[)') @> ${x})
    and coalesce((select sum(greatest(0, least(coalesce(i.end_date, ${x}), ${x}) - greatest(i.start_date, ${b14})))
                  from episodes i where ${mine} and i.start_date < ${x}), 0) >= 91
    and exists (select 1 from episodes i where ${mine} and i.start_date < ${x}
                and greatest(i.start_date, ${b16}) < least(coalesce(i.end_date, ${x}), ${x}))
    and coalesce((select i.reason_ended not in ${codes(NOT_CARE_LEAVER)} from episodes i
                  where i.la = ${c}.la and i.child_id = ${c}.child_id and i.is_cessation and i.end_date <= ${x}
                  order by i.end_date desc limit 1), false)
  )`
}

/** Group key of a breakdown dimension for cohort row x and its child c. */
export function dimensionKey(dimension: Dimension): Sql {
  switch (dimension) {
    case 'ageBand': {
      const age = ageOn(sql`c.date_of_birth`, sql`x.age_on`)
      const whens = AGE_BANDS.map(([key, , below]) => (below === null ? sql`else ${sql.lit(key)}` : sql`when ${age} < ${sql.lit(below)} then ${sql.lit(key)}`))
      return sql`(case when c.date_of_birth is null or x.age_on is null then null ${sql.join(whens, sql` `)} end)`
    }
    case 'sex':
      return sql`(case ${sql.join(SEX_GROUPS.map(([key, , list]) => sql`when c.sex in ${codes(list)} then ${sql.lit(key)}`), sql` `)} else ${sql.lit(NONE)} end)`
    case 'ethnicityGroup':
      return sql`(case ${sql.join(ETHNICITY_GROUPS.map(([key, , list]) => sql`when c.ethnicity in ${codes(list)} then ${sql.lit(key)}`), sql` `)} else 'not-known' end)`
    case 'uasc':
      return sql`(case when ${uascOn(sql`x.age_on`)} then 'uasc' else 'not-uasc' end)`
    case 'legalStatus':
      return sql`coalesce(x.legal_status, ${sql.lit(NONE)})`
    case 'placementType':
      return sql`coalesce(x.placement_type, ${sql.lit(NONE)})`
    case 'provider':
      return sql`coalesce(x.placement_provider, ${sql.lit(NONE)})`
    case 'reasonEnded':
      return sql`coalesce(x.reason_ended, ${sql.lit(NONE)})`
  }
}
