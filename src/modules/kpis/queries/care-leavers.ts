/**
 * Care leavers (5b): one row per young person aged about 17 to 21 on D (the exact age is checked in
 * each KPI), with whether they were a care leaver on their latest birthday (the one in the 12 months to
 * D) and on D, the contact nearest that birthday, their latest contact, personal adviser and pathway
 * plan.
 *
 * Whether someone is a care leaver on a day X changes only when they leave or come back into care, so
 * it is worked out once per statement, not once per point: each cessation opens a spell out of care
 * (to the next admission, or open) and the young person is a care leaver throughout it when, at that
 * cessation, they had 91 days or more in care since their 14th birthday, some of it since their 16th,
 * and the cessation's reason is not one of death, transfer, adoption, a residence/child arrangements
 * order or an SGO. V3/V4 short breaks are ignored throughout. Contacts are kept the same way: each
 * birthday's contacts in its window, and each contact's span until the next.
 */
import { sql } from 'kysely'
import { EET_ACTIVITIES } from '../../../domain/code-lists/index.ts'
import { ageOn, birthday, codes, NOT_CARE_LEAVER, type KpiFamily, type KpiQuery, type Sql } from './fragments.ts'

const GONE = codes(['DIED', 'RHOM'])

/** Children of `la` (alias) aged about 17 to 21 on some point (dates of birth with a day's slack either side). */
const candidatesOfAnyPoint = (la: string, alias: string) => {
  const c = sql.raw(alias)
  return sql`${c}.la = ${la} and ${c}.date_of_birth > (select (min(as_at) - interval '22 years')::date - 1 from p)
    and ${c}.date_of_birth <= (select (max(as_at) - interval '17 years')::date + 1 from p)`
}

/** The same, for the point p. */
const candidates = (la: string, alias: string) => {
  const c = sql.raw(alias)
  return sql`${c}.la = ${la} and ${c}.date_of_birth > (p.as_at - interval '22 years')::date - 1
    and ${c}.date_of_birth <= (p.as_at - interval '17 years')::date + 1`
}

export const LEAVERS: KpiFamily = {
  key: 'care-leavers',
  ctes: ({ la }) => sql`
    -- The young people of every point, read once (their dates of birth through the index by birth):
    -- each point then takes its own from these rather than from the table again.
    leaver_candidates as materialized (
      select c.la, c.child_id, c.date_of_birth from children c where ${candidatesOfAnyPoint(la, 'c')}
    ),
    leaver_spells as materialized (
      select s.child_id, s.left_on,
        (select min(a.start_date) from episodes a
          where a.la = ${la} and a.child_id = s.child_id and a.is_admission and a.start_date >= s.left_on) as back_on
      from (
        select e.child_id, e.is_cessation, e.reason_ended, e.end_date as left_on,
          sum(greatest(0, e.end_date - greatest(e.start_date, k.b14))) over w as days14,
          bool_or(greatest(e.start_date, k.b16) < e.end_date) over w as after16
        from leaver_candidates c
        cross join lateral (select ${birthday(sql`c.date_of_birth`, 14)} as b14, ${birthday(sql`c.date_of_birth`, 16)} as b16 offset 0) k
        -- Each candidate's time in care, by key (a lateral join reads it through the primary key): a
        -- period of care is one unbroken span, ended by a cessation (REC other than X1); only a period
        -- holding short breaks is read episode by episode (V3/V4 ignored, a switch into breaks is a cessation).
        cross join lateral (
          select cp.child_id, cp.start_date, cp.end_date, cp.end_date is not null and cp.reason_ended <> 'X1' as is_cessation, cp.reason_ended
          from care_periods cp where cp.la = ${la} and cp.child_id = c.child_id and not cp.has_short_break
          union all
          select e.child_id, e.start_date, e.end_date, e.is_cessation, e.reason_ended
          from care_periods cp
          join episodes e on e.la = cp.la and e.child_id = cp.child_id and e.care_period_seq = cp.period_seq and not e.short_break
          where cp.la = ${la} and cp.child_id = c.child_id and cp.has_short_break
          offset 0) e
        -- Byte order is enough to keep a child's episodes together, and much cheaper than the collation's.
        window w as (partition by e.child_id collate "C" order by e.start_date rows between unbounded preceding and current row)
      ) s
      where s.is_cessation and s.days14 >= 91 and s.after16 and s.reason_ended not in ${codes(NOT_CARE_LEAVER)}
    ),
    -- Each contact with the birthday (17th to 21st) whose window it may fall in: the only birthday
    -- within 3 months (and a few days' slack) after it; the exact window is checked with month arithmetic.
    birthday_contacts as materialized (
      select ct.child_id, bd.day as birthday, ct.record_id, ct.date, ct.in_touch, ct.activity, ct.accommodation_type, ct.accommodation_suitable
      from care_leaver_contacts ct
      join leaver_candidates c on c.child_id = ct.child_id
      cross join lateral (select ${ageOn(sql`c.date_of_birth`, sql`(ct.date + interval '3 months 3 days')::date`)} as age offset 0) n
      cross join lateral (select ${birthday(sql`c.date_of_birth`, sql`n.age`)} as day offset 0) bd
      where ct.la = ${la} and n.age between 17 and 21
        and ct.date >= (bd.day - interval '3 months')::date and ct.date <= (bd.day + interval '1 month')::date
    ),
    contact_spans as materialized (
      select k.child_id, k.date, k.in_touch,
        lead(k.date) over (partition by k.child_id collate "C" order by k.date, k.record_id) as until
      from care_leaver_contacts k
      join leaver_candidates c on c.child_id = k.child_id
      where k.la = ${la}
    )`,
  base: ({ la }) => sql`select c.child_id, p.as_at as age_on,
      null::text as legal_status, null::text as placement_type, null::text as placement_provider, null::text as reason_ended,
      c.date_of_birth as dob, k.age, k.day as birthday,
      lb.child_id is not null as leaver_on_birthday, ld.child_id is not null as leaver_now,
      ct.record_id as contact_id, ct.date as contact_date, ct.in_touch, ct.activity, ct.accommodation_type, ct.accommodation_suitable,
      lc.date as latest_contact_date, lc.in_touch as latest_in_touch,
      pa.child_id is not null as has_adviser, pl.latest as latest_plan
    from leaver_candidates c
    cross join lateral (select ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)} as age,
      ${birthday(sql`c.date_of_birth`, ageOn(sql`c.date_of_birth`, sql`p.as_at`))} as day offset 0) k
    left join leaver_spells lb on lb.child_id = c.child_id and lb.left_on <= k.day and (lb.back_on is null or lb.back_on > k.day)
    left join leaver_spells ld on ld.child_id = c.child_id and ld.left_on <= p.as_at and (ld.back_on is null or ld.back_on > p.as_at)
    -- The contact nearest the birthday, 3 months before to 1 month after, on or before D (a tie: the later).
    left join (select distinct on (bc.child_id) bc.*
      from birthday_contacts bc where bc.birthday > p.m12 and bc.birthday <= p.as_at and bc.date <= p.as_at
      order by bc.child_id, abs(bc.date - bc.birthday), bc.date desc, bc.record_id desc) ct on ct.child_id = c.child_id
    -- The latest contact on or before D.
    left join contact_spans lc on lc.child_id = c.child_id and lc.date <= p.as_at and (lc.until is null or lc.until > p.as_at)
    left join (select distinct a.child_id from personal_advisers a
      where a.la = ${la} and a.allocated_on <= p.as_at and (a.ended_on is null or a.ended_on >= p.as_at)) pa on pa.child_id = c.child_id
    -- The latest pathway plan or review in the 6 months to D.
    left join (select x.child_id, max(x.d) as latest from (
        select pp.child_id, pp.plan_date as d from pathway_plans pp where pp.la = ${la} and pp.plan_date > p.m6 and pp.plan_date <= p.as_at
        union all
        select pp.child_id, r.review_date from pathway_plan_reviews r
        join pathway_plans pp on pp.la = r.la and pp.record_id = r.plan_record_id
        where r.la = ${la} and r.review_date > p.m6 and r.review_date <= p.as_at) x
      group by x.child_id) pl on pl.child_id = c.child_id
    where ${candidates(la, 'c')}`,
}

/** A birthday cohort: care leavers on their 17th-18th (or 19th-21st) birthday in the 12 months. */
function birthdayCohort(from: number, to: number, counted: Sql): KpiQuery {
  return {
    family: LEAVERS,
    member: sql`b.age between ${sql.lit(from)} and ${sql.lit(to)} and b.leaver_on_birthday and b.birthday > p.m12`,
    inDenominator: sql`(b.in_touch is null or b.in_touch not in ${GONE})`,
    counted,
    note: sql`case when b.contact_id is null then 'noContact' when b.in_touch in ${GONE} then 'diedOrReturnedHome' end`,
    facts: sql`jsonb_build_object('birthday', b.birthday, 'age', b.age, 'contactDate', b.contact_date, 'inTouch', b.in_touch,
      'activity', b.activity, 'accommodationType', b.accommodation_type, 'accommodationSuitable', b.accommodation_suitable)`,
  }
}

const NOT_GONE = sql`(b.latest_in_touch is null or b.latest_in_touch not in ${GONE})`

/** Care leavers on D aged 17 to 21, less those whose latest contact is death or return home. */
function onD(counted: Sql, facts: Sql = sql``): KpiQuery {
  return {
    family: LEAVERS,
    member: sql`b.age between 17 and 21 and b.leaver_now`,
    inDenominator: NOT_GONE,
    counted,
    note: sql`case when not ${NOT_GONE} then 'diedOrReturnedHome' end`,
    facts: sql`jsonb_build_object('age', b.age, 'latestContact', b.latest_contact_date, 'latestInTouch', b.latest_in_touch${facts})`,
  }
}

const IN_TOUCH = sql`b.in_touch = 'YES'`
const SUITABLE = sql`b.accommodation_suitable`
const EET = sql`b.activity in ${codes(EET_ACTIVITIES)}`

export const careLeaverQueries: Record<string, KpiQuery> = {
  'care-leavers': onD(NOT_GONE),
  'care-leavers-17-18-in-touch': birthdayCohort(17, 18, IN_TOUCH),
  'care-leavers-17-18-suitable-accommodation': birthdayCohort(17, 18, SUITABLE),
  'care-leavers-17-18-eet': birthdayCohort(17, 18, EET),
  'care-leavers-19-21-in-touch': birthdayCohort(19, 21, IN_TOUCH),
  'care-leavers-19-21-suitable-accommodation': birthdayCohort(19, 21, SUITABLE),
  'care-leavers-19-21-eet': birthdayCohort(19, 21, EET),
  'care-leavers-pathway-plan-current': onD(sql`b.latest_plan is not null`, sql`, 'latestPlanOrReviewInSixMonths', b.latest_plan`),
  'care-leavers-personal-adviser': onD(sql`b.has_adviser`, sql`, 'personalAdviser', b.has_adviser`),
}
