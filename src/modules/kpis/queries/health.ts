/**
 * Health of children in care 12 months or more, and health-assessment timeliness (5b). Only completed
 * records count; a health assessment is an IHA or an RHA (several on one day are one); records dated
 * after D are never read.
 */
import { sql } from 'kysely'
import { ageOn, cohortSelect, codes, inCareAt, type KpiQuery, type Sql } from './fragments.ts'

const ASSESSMENTS = codes(['initial_health_assessment', 'review_health_assessment'])

/**
 * The 5b health cohort (in care at D, in a period of care started by D minus 12 months with no V3/V4
 * episode): the from-clause, with `joins` added before the where and `where` after it.
 */
export function healthCohort(la: string, joins: Sql = sql``, where: Sql = sql``): Sql {
  return sql`from episodes e
    join care_periods cp on cp.la = e.la and cp.child_id = e.child_id and cp.period_seq = e.care_period_seq
    ${joins}
    where ${inCareAt(la)} and cp.start_date <= p.m12 and not cp.has_short_break ${where}`
}

/** Next assessment due after one on `a` (5b): A + 6 months when under 5 on that day, else A + 12 months. */
export function nextDue(a: Sql, dob: Sql): Sql {
  const six = sql`(${a} + interval '6 months')::date`
  return sql`(case when ${ageOn(dob, six)} < 5 then ${six} else (${a} + interval '12 months')::date end)`
}

/** At least one completed check of these kinds in the 12 months; the facts name the latest. */
function checkedIn12Months(kinds: Sql, where: (la: string) => Sql = () => sql``, joins: Sql = sql``): KpiQuery {
  return {
    cohort: (la) => sql`${cohortSelect({
      counted: sql`chk.latest is not null`,
      facts: sql`jsonb_build_object('carePeriodStart', cp.start_date, 'latestInTwelveMonths', chk.latest)`,
    })} ${healthCohort(
      la,
      sql`${joins} cross join lateral (select max(h.date) as latest from health_checks h
        where h.la = e.la and h.child_id = e.child_id and h.kind in ${kinds} and h.outcome = 'completed'
          and h.date > p.m12 and h.date <= p.as_at) chk`,
      where(la),
    )}`,
  }
}

export const healthQueries: Record<string, KpiQuery> = {
  'health-assessments': checkedIn12Months(ASSESSMENTS),
  'dental-checks': checkedIn12Months(codes(['dental_check'])),
  'development-assessments': checkedIn12Months(
    codes(['development_assessment']),
    () => sql`and ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)} < 5`,
    sql`join children c on c.la = e.la and c.child_id = e.child_id`,
  ),
  'immunisations-up-to-date': {
    cohort: (la) => sql`${cohortSelect({
      counted: sql`im.up_to_date`,
      facts: sql`jsonb_build_object('carePeriodStart', cp.start_date, 'latestStatusDate', im.date, 'upToDate', im.up_to_date)`,
    })} ${healthCohort(
      la,
      sql`left join lateral (select h.date, h.immunisations_up_to_date as up_to_date from health_checks h
        where h.la = e.la and h.child_id = e.child_id and h.outcome = 'completed' and h.immunisations_up_to_date is not null
          and h.date > p.m12 and h.date <= p.as_at
        order by h.date desc, h.immunisations_up_to_date desc limit 1) im on true`,
    )}`,
  },

  'iha-on-time': {
    deadlines: true,
    cohort: (la) => sql`${cohortSelect({
      inDenominator: sql`d.deadline <= p.as_at`,
      counted: sql`d.deadline <= p.as_at and iha.first_iha <= d.deadline`,
      note: sql`case when d.deadline is null or d.deadline > p.as_at then 'notYetDue' end`,
      facts: sql`jsonb_build_object('admission', e.start_date, 'deadline', d.deadline, 'initialHealthAssessment', iha.first_iha)`,
    })}
    from episodes e
    left join iha_deadlines d on d.start_date = e.start_date
    left join lateral (select min(h.date) as first_iha from health_checks h
      where h.la = e.la and h.child_id = e.child_id and h.kind = 'initial_health_assessment' and h.outcome = 'completed'
        and h.date >= e.start_date and h.date <= p.as_at) iha on true
    where e.la = ${la} and e.is_admission and e.start_date > p.m12 and e.start_date <= p.as_at`,
  },

  'rha-on-time': {
    cohort: (la) => sql`${cohortSelect({
      childId: sql`a.child_id`,
      ageOn: sql`dd.due`,
      legalStatus: sql`ed.legal_status`,
      placementType: sql`ed.placement_type`,
      placementProvider: sql`ed.placement_provider`,
      counted: sql`nx.next_date <= dd.due`,
      facts: sql`jsonb_build_object('assessed', a.date, 'due', dd.due, 'nextAssessment', nx.next_date, 'carePeriodStart', cp.start_date)`,
    })}
    from (select distinct h.child_id, h.date from health_checks h
          where h.la = ${la} and h.kind in ${ASSESSMENTS} and h.outcome = 'completed' and h.date > p.m24 and h.date < p.as_at) a
    join children c on c.la = ${la} and c.child_id = a.child_id
    cross join lateral (select ${nextDue(sql`a.date`, sql`c.date_of_birth`)} as due) dd
    join care_periods cp on cp.la = ${la} and cp.child_id = a.child_id and not cp.short_break_only
      and cp.start_date <= a.date and (cp.end_date is null or cp.end_date > a.date)
    left join lateral (select min(h.date) as next_date from health_checks h
      where h.la = ${la} and h.child_id = a.child_id and h.kind in ${ASSESSMENTS} and h.outcome = 'completed'
        and h.date > a.date and h.date <= p.as_at) nx on true
    left join episodes ed on ${inCareAt(la, sql`dd.due`, 'ed')} and ed.child_id = a.child_id
    where dd.due > p.m12 and dd.due <= p.as_at and (cp.end_date is null or cp.end_date > dd.due)`,
  },

  'health-assessment-overdue': {
    deadlines: true,
    cohort: (la) => sql`${cohortSelect({
      counted: sql`nd.due < p.as_at`,
      facts: sql`jsonb_build_object('carePeriodStart', cp.start_date, 'latestAssessment', lst.last, 'nextDue', nd.due)`,
    })}
    from episodes e
    join children c on c.la = e.la and c.child_id = e.child_id
    join care_periods cp on cp.la = e.la and cp.child_id = e.child_id and cp.period_seq = e.care_period_seq
    left join lateral (select max(h.date) as last from health_checks h
      where h.la = e.la and h.child_id = e.child_id and h.kind in ${ASSESSMENTS} and h.outcome = 'completed'
        and h.date >= cp.start_date and h.date <= p.as_at) lst on true
    left join iha_deadlines d on d.start_date = cp.start_date
    -- A period that started before the deadline table's range is long past its IHA deadline.
    cross join lateral (select case when lst.last is null then coalesce(d.deadline, cp.start_date + 42)
      else ${nextDue(sql`lst.last`, sql`c.date_of_birth`)} end as due) nd
    where ${inCareAt(la)}`,
  },
}
