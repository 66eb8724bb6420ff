/**
 * Education of children in care (5c): PEPs this term and for new entrants, attendance and persistent
 * absence, suspensions and permanent exclusions, attainment. School years and terms are the fixed
 * ones of 5c (src/domain/education/school-year.ts says the same in TypeScript): an academic year runs
 * 1 September to 31 August; terms end 31 December, 31 March and 31 August; a child's national
 * curriculum year is their age on the 31 August before the academic year, less 4.
 */
import { sql } from 'kysely'
import { ageOn, deadlineOf, inCareAt, type KpiFamily, type KpiQuery, type Sql } from './fragments.ts'
import { HEALTH_COHORT } from './health.ts'

const year = (d: Sql) => sql`date_part('year', ${d})::int`
const month = (d: Sql) => sql`date_part('month', ${d})`

/** The academic year holding d, by the year it starts in (2024 for 2024/25). */
const academicYearOf = (d: Sql) => sql`(case when ${month(d)} >= 9 then ${year(d)} else ${year(d)} - 1 end)`

/** National curriculum year on d: 0 Reception, 1-11 Years 1-11 (age on the 31 August before, less 4). */
export const curriculumYear = (dob: Sql, d: Sql) => sql`(${ageOn(dob, sql`make_date(${academicYearOf(d)}, 8, 31)`)} - 4)`

/** The first day of the term holding d. */
const termStart = (d: Sql) =>
  sql`(case when ${month(d)} >= 9 then make_date(${year(d)}, 9, 1) when ${month(d)} <= 3 then make_date(${year(d)}, 1, 1) else make_date(${year(d)}, 4, 1) end)`

/** The last day of a term named by its academic year (start year) and name. */
const termEnd = (academicYear: Sql, term: Sql) =>
  sql`(case ${term} when 'autumn' then make_date(${academicYear}, 12, 31) when 'spring' then make_date(${academicYear} + 1, 3, 31) else make_date(${academicYear} + 1, 8, 31) end)`

/**
 * The calendar year of the 31 August in the 12 months to D (there is always exactly one): the
 * academic year ending then is the one attainment counts.
 */
const resultsYear = sql`(case when p.as_at >= make_date(${year(sql`p.as_at`)}, 8, 31) then ${year(sql`p.as_at`)} else ${year(sql`p.as_at`)} - 1 end)`

/**
 * Children in care at D (5a) with their school year on D, whether they have been in care 20 working
 * days (the 20th working day after the current time in care began, day 0, is on or before D), their
 * completed PEPs this term, their attendance in the terms that end in the 12 months, and their
 * suspensions and permanent exclusions starting in the 12 months.
 */
const EDUCATION: KpiFamily = {
  key: 'education',
  deadlines: true,
  careEpisodes: { monthsBeforeD: 0 },
  base: (ctx) => {
    const { la } = ctx
    return sql`select e.child_id, p.as_at as age_on, e.legal_status, e.placement_type, e.placement_provider, null::text as reason_ended,
      e.care_start, ${curriculumYear(sql`e.date_of_birth`, sql`p.as_at`)} as school_year,
      -- A deadline missing from the lookup belongs to a time in care begun over 13 months before D: long past.
      coalesce(${deadlineOf(ctx, sql`e.care_start`)}, e.care_start + 42) as twenty_days,
      pep.last_pep, coalesce(att.possible, 0) as possible, coalesce(att.attended, 0) as attended,
      coalesce(ex.suspensions, 0) as suspensions, coalesce(ex.days_lost, 0) as days_lost, coalesce(ex.permanent, 0) as permanent
    from care_episodes e
    left join (select x.child_id, max(x.date) as last_pep from education_peps x
      where x.la = ${la} and x.status = 'completed' and x.date >= ${termStart(sql`p.as_at`)} and x.date <= p.as_at
      group by x.child_id) pep on pep.child_id = e.child_id
    -- A record belongs to the term it names; the academic years bound the index range read.
    left join (select a.child_id, sum(a.possible_sessions) as possible, sum(a.attended_sessions) as attended from education_attendance a
      where a.la = ${la} and a.academic_year between ${academicYearOf(sql`p.m12`)} - 1 and ${academicYearOf(sql`p.as_at`)}
        and ${termEnd(sql`a.academic_year`, sql`a.term`)} > p.m12 and ${termEnd(sql`a.academic_year`, sql`a.term`)} <= p.as_at
      group by a.child_id) att on att.child_id = e.child_id
    left join (select x.child_id, count(*) filter (where x.kind = 'suspension') as suspensions,
        sum(x.days) filter (where x.kind = 'suspension') as days_lost, count(*) filter (where x.kind = 'permanent_exclusion') as permanent
      from education_exclusions x where x.la = ${la} and x.start_date > p.m12 and x.start_date <= p.as_at
      group by x.child_id) ex on ex.child_id = e.child_id
    where ${inCareAt()}`
  },
}

/**
 * Admissions (5a) in the 12 months to D of children of school age on the admission day, with the
 * 20th working day after it (day 0) and their first completed PEP from the admission day.
 */
const NEW_ENTRANTS: KpiFamily = {
  key: 'pep-new-entrants',
  deadlines: true,
  base: (ctx) => sql`select e.child_id, e.start_date as age_on, e.legal_status, e.placement_type, e.placement_provider, null::text as reason_ended,
      e.start_date as admission, ${deadlineOf(ctx, sql`e.start_date`)} as deadline,
      (select min(x.date) from education_peps x
        where x.la = e.la and x.child_id = e.child_id and x.status = 'completed' and x.date >= e.start_date and x.date <= p.as_at) as first_pep
    from episodes e
    join children c on c.la = e.la and c.child_id = e.child_id
    where e.la = ${ctx.la} and e.is_admission and e.start_date > p.m12 and e.start_date <= p.as_at
      and ${curriculumYear(sql`c.date_of_birth`, sql`e.start_date`)} between 0 and 11`,
}

/** One result per child for a key stage in an academic year: the one received last (then the greatest record id). */
const latestResult = (la: string, stage: 'eyfs' | 'ks2' | 'ks4', columns: Sql) => sql`(select distinct on (r.child_id) r.child_id, ${columns}
    from education_attainment r where r.la = ${la} and r.key_stage = ${sql.lit(stage)} and r.academic_year = ${resultsYear} - 1
    order by r.child_id, r.updated_at desc, r.record_id desc)`

/**
 * Attainment (5c): the academic year whose 31 August is in the 12 months to D; the cohort is the health
 * cohort at that year's 31 March (in care then, the time in care begun 12 months or more before),
 * with each child's result for the key stage in that year.
 */
const ATTAINMENT: KpiFamily = {
  key: 'attainment',
  base: ({ la }) => sql`select e.child_id, y.march as age_on, e.legal_status, e.placement_type, e.placement_provider, null::text as reason_ended,
      y.march, y.academic_year, e.care_start, eyfs.gld, ks2.reading, ks2.writing, ks2.maths, ks4.attainment8, ks4.english_maths
    from (select make_date(${resultsYear}, 3, 31) as march, ${resultsYear} - 1 as academic_year) y
    -- One date per point, a few distinct ones in a series: the (la, date range) GiST index finds them.
    join episodes e on e.la = ${la} and not e.short_break and daterange(e.start_date, e.end_date, '[)') @> y.march and e.care_start <= (y.march - interval '12 months')::date
    left join ${latestResult(la, 'eyfs', sql`r.good_level_of_development as gld`)} eyfs on eyfs.child_id = e.child_id
    left join ${latestResult(la, 'ks2', sql`r.reading_expected as reading, r.writing_expected as writing, r.maths_expected as maths`)} ks2 on ks2.child_id = e.child_id
    left join ${latestResult(la, 'ks4', sql`r.attainment8, r.english_maths_grade4 as english_maths`)} ks4 on ks4.child_id = e.child_id`,
}

const PEP_COHORT = sql`b.school_year between 0 and 11 and b.twenty_days <= p.as_at`
const ATTENDANCE_COHORT = sql`${HEALTH_COHORT} and b.school_year between 1 and 11`
const SUSPENSION_COHORT = sql`${HEALTH_COHORT} and b.school_year between 0 and 11`
const SCHOOL_FACTS = sql`'careStart', b.care_start, 'schoolYear', b.school_year`

const exclusions = (counted: Sql, weight?: Sql): KpiQuery => ({
  family: EDUCATION,
  member: SUSPENSION_COHORT,
  counted,
  ...(weight ? { weight: { counted: weight } } : {}),
  facts: sql`jsonb_build_object(${SCHOOL_FACTS}, 'suspensions', b.suspensions, 'daysLost', b.days_lost, 'permanentExclusions', b.permanent)`,
})

const attendance = (c: Pick<KpiQuery, 'counted' | 'weight'>): KpiQuery => ({
  family: EDUCATION,
  member: ATTENDANCE_COHORT,
  inDenominator: sql`b.possible > 0`,
  ...c,
  facts: sql`jsonb_build_object(${SCHOOL_FACTS}, 'possibleSessions', b.possible, 'attendedSessions', b.attended)`,
})

const RESULT_FACTS = sql`'academicYear', b.academic_year, 'cohortDate', b.march, 'careStart', b.care_start`

export const educationQueries: Record<string, KpiQuery> = {
  'pep-this-term': {
    family: EDUCATION,
    member: PEP_COHORT,
    counted: sql`b.last_pep is not null`,
    facts: sql`jsonb_build_object(${SCHOOL_FACTS}, 'inCareTwentyWorkingDaysOn', b.twenty_days, 'latestPepThisTerm', b.last_pep)`,
  },
  'pep-new-entrants-on-time': {
    family: NEW_ENTRANTS,
    inDenominator: sql`b.deadline <= p.as_at`,
    counted: sql`b.deadline <= p.as_at and b.first_pep <= b.deadline`,
    note: sql`case when b.deadline is null or b.deadline > p.as_at then 'notYetDue' end`,
    facts: sql`jsonb_build_object('admission', b.admission, 'deadline', b.deadline, 'firstPep', b.first_pep)`,
  },
  // Sessions attended over possible sessions, summed over the cohort's records.
  'school-attendance': attendance({ counted: sql`b.possible > 0`, weight: { counted: sql`b.attended`, denominator: sql`b.possible` } }),
  // Below 90% is strict: attended / possible < 0.9, compared in whole numbers.
  'persistent-absence': attendance({ counted: sql`b.attended * 10 < b.possible * 9` }),
  'suspended-children': exclusions(sql`b.suspensions > 0`),
  suspensions: exclusions(sql`b.suspensions > 0`, sql`b.suspensions`),
  'suspension-days-lost': exclusions(sql`b.suspensions > 0`, sql`b.days_lost`),
  'permanent-exclusions': exclusions(sql`b.permanent > 0`, sql`b.permanent`),
  'eyfs-good-level-of-development': {
    family: ATTAINMENT,
    member: sql`b.gld is not null`,
    counted: sql`b.gld`,
    facts: sql`jsonb_build_object(${RESULT_FACTS}, 'goodLevelOfDevelopment', b.gld)`,
  },
  'ks2-rwm-expected': {
    family: ATTAINMENT,
    member: sql`b.reading is not null`,
    counted: sql`b.reading and b.writing and b.maths`,
    facts: sql`jsonb_build_object(${RESULT_FACTS}, 'reading', b.reading, 'writing', b.writing, 'maths', b.maths)`,
  },
  'ks4-attainment8': {
    family: ATTAINMENT,
    member: sql`b.attainment8 is not null`,
    counted: sql`true`,
    measure: sql`b.attainment8`,
    facts: sql`jsonb_build_object(${RESULT_FACTS}, 'attainment8', b.attainment8)`,
  },
  'ks4-english-maths-4': {
    family: ATTAINMENT,
    member: sql`b.english_maths is not null`,
    counted: sql`b.english_maths`,
    facts: sql`jsonb_build_object(${RESULT_FACTS}, 'englishMathsGrade4', b.english_maths)`,
  },
}
