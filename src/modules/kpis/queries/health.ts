/**
 * Health of children in care 12 months or more, and health-assessment timeliness (5b). Only completed
 * records count; a health assessment is an IHA or an RHA (several on one day are one); records dated
 * after D are never read.
 */
import { sql } from 'kysely'
import { ASSESSMENT_KINDS, deadlineOf, nextDue, type KpiFamily, type KpiQuery } from './fragments.ts'
import { IN_CARE } from './in-care.ts'

/**
 * The 5b health cohort, over an IN_CARE row: a time in care begun by D minus 12 months (from the
 * latest admission: short breaks before care in the same period never count).
 */
export const HEALTH_COHORT = sql`(b.care_start <= p.m12)`

const checked = (column: 'last_assessment' | 'last_dental' | 'last_development', under5 = false): KpiQuery => ({
  family: IN_CARE,
  member: under5 ? sql`${HEALTH_COHORT} and b.age < 5` : HEALTH_COHORT,
  counted: sql`${sql.ref(`b.${column}`)} is not null`,
  facts: sql`jsonb_build_object('carePeriodStart', b.period_start, 'careStart', b.care_start, 'latestInTwelveMonths', ${sql.ref(`b.${column}`)})`,
})

/** Admissions (5a) in the 12 months to D, with their IHA deadline and first completed IHA. */
const ADMISSIONS_12: KpiFamily = {
  key: 'iha',
  deadlines: true,
  base: (ctx) => sql`select e.child_id, e.start_date as age_on, e.legal_status, e.placement_type, e.placement_provider, null::text as reason_ended,
      e.start_date as admission, ${deadlineOf(ctx, sql`e.start_date`)} as deadline,
      (select min(h.date) from health_checks h
        where h.la = e.la and h.child_id = e.child_id and h.kind = 'initial_health_assessment' and h.outcome = 'completed'
          and h.date >= e.start_date and h.date <= p.as_at) as first_iha
    from episodes e
    where e.la = ${ctx.la} and e.is_admission and e.start_date > p.m12 and e.start_date <= p.as_at`,
}

/**
 * Review health assessments due in the 12 months to D (5b): one row per due. Each completed assessment
 * on day A within a time in care (the episode open on A is not a short break) makes the next due; it
 * counts when the due falls in the 12 months and the child is still in that time in care then (its
 * end, stored on the episode, is after the due); on time when the
 * next assessment is on or before it. None of that depends on D beyond which dues fall in its 12
 * months, so the dues are worked out once per statement (for every point's window) and each point
 * takes its own.
 */
const DUES: KpiFamily = {
  key: 'rha',
  ctes: ({ la }) => sql`
    rha_dues as materialized (
      select a.child_id, a.date as assessed, dd.due, a.next_date, ea.care_start
      -- Several assessments on one day are one (group by); byte order keeps a child's days together cheaply.
      from (select h.child_id, h.date, lead(h.date) over (partition by h.child_id collate "C" order by h.date) as next_date
            from health_checks h
            where h.la = ${la} and h.kind in ${ASSESSMENT_KINDS} and h.outcome = 'completed'
              and h.date > (select min(m24) from p) and h.date <= (select max(as_at) from p)
            group by h.child_id, h.date) a
      join children c on c.la = ${la} and c.child_id = a.child_id
      cross join lateral (select ${nextDue(sql`a.date`, sql`c.date_of_birth`)} as due offset 0) dd
      join episodes ea on ea.la = ${la} and ea.child_id = a.child_id and not ea.short_break
        and ea.start_date <= a.date and (ea.end_date is null or ea.end_date > a.date) and (ea.care_end is null or ea.care_end > dd.due)
        -- Implied by the line above (every A is after the earliest window's start), but only this form
        -- lets the (la, end_date) index leave out the authority's older episodes, most of them.
        and (ea.end_date is null or ea.end_date > (select min(m24) from p))
      where dd.due > (select min(m12) from p) and dd.due <= (select max(as_at) from p)
    )`,
  base: ({ la }) => {
    const atDue = (column: string) => sql`(select ${sql.ref(`ed.${column}`)} from episodes ed
      where ed.la = ${la} and ed.child_id = d.child_id and not ed.short_break and daterange(ed.start_date, ed.end_date, '[)') @> d.due)`
    return sql`select d.child_id, d.due as age_on, ${atDue('legal_status')} as legal_status, ${atDue('placement_type')} as placement_type,
        ${atDue('placement_provider')} as placement_provider, null::text as reason_ended,
        d.assessed, d.due, case when d.next_date <= p.as_at then d.next_date end as next_date, d.care_start
      from rha_dues d where d.due > p.m12 and d.due <= p.as_at`
  },
}

export const healthQueries: Record<string, KpiQuery> = {
  'health-assessments': checked('last_assessment'),
  'dental-checks': checked('last_dental'),
  'development-assessments': checked('last_development', true),
  'immunisations-up-to-date': {
    family: IN_CARE,
    member: HEALTH_COHORT,
    counted: sql`b.immunisations_up_to_date`,
    facts: sql`jsonb_build_object('carePeriodStart', b.period_start, 'careStart', b.care_start, 'latestStatusDate', b.immunisation_date, 'upToDate', b.immunisations_up_to_date)`,
  },
  'iha-on-time': {
    family: ADMISSIONS_12,
    inDenominator: sql`b.deadline <= p.as_at`,
    counted: sql`b.deadline <= p.as_at and b.first_iha <= b.deadline`,
    note: sql`case when b.deadline is null or b.deadline > p.as_at then 'notYetDue' end`,
    facts: sql`jsonb_build_object('admission', b.admission, 'deadline', b.deadline, 'initialHealthAssessment', b.first_iha)`,
  },
  'rha-on-time': {
    family: DUES,
    counted: sql`b.next_date <= b.due`,
    facts: sql`jsonb_build_object('assessed', b.assessed, 'due', b.due, 'nextAssessment', b.next_date, 'careStart', b.care_start)`,
  },
  /**
   * Overdue at D (5b): the next assessment is due 6 or 12 months after the latest in the current time
   * in care, however old, or at the IHA deadline when there is none. A deadline missing from the
   * lookup belongs to a time in care begun over 13 months before D: long past (20 working days are
   * under 42 days), so the drill-down passes every deadline back to the calendar's start to show it.
   */
  'health-assessment-overdue': {
    family: IN_CARE,
    pastDeadlines: true,
    counted: sql`(case
      when b.care_last_assessment is not null then ${nextDue(sql`b.care_last_assessment`, sql`b.dob`)} < p.as_at
      else coalesce(b.iha_deadline, b.care_start + 42) < p.as_at end)`,
    facts: sql`jsonb_build_object('carePeriodStart', b.period_start, 'careStart', b.care_start,
      'latestAssessment', b.care_last_assessment,
      'nextDue', case when b.care_last_assessment is not null then ${nextDue(sql`b.care_last_assessment`, sql`b.dob`)} else b.iha_deadline end)`,
  },
}
