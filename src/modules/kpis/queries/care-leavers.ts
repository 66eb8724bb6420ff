/** Care leavers (5b): the birthday cohorts (17-18, 19-21) and the pathway plan / personal adviser cohort. */
import { sql } from 'kysely'
import { EET_ACTIVITIES } from '../../../domain/code-lists/index.ts'
import { ageOn, birthday, careLeaverOn, cohortSelect, codes, type KpiQuery, type Sql } from './fragments.ts'

const NO_EPISODE = { legalStatus: sql`null`, placementType: sql`null`, placementProvider: sql`null` }
const GONE = codes(['DIED', 'RHOM'])

/**
 * Care leavers whose birthday (one of `ages`) falls in the 12 months, judged on that birthday, with
 * the contact nearest it from 3 months before to 1 month after (on or before D; on a tie the later,
 * then the greater record id).
 */
function birthdayCohort(ages: readonly number[], counted: Sql): KpiQuery {
  const oldest = Math.max(...ages) + 1
  const youngest = Math.min(...ages) - 1
  return {
    cohort: (la) => sql`${cohortSelect({
      childId: sql`c.child_id`,
      ...NO_EPISODE,
      inDenominator: sql`(ct.in_touch is null or ct.in_touch not in ${GONE})`,
      counted,
      note: sql`case when ct.record_id is null then 'noContact' when ct.in_touch in ${GONE} then 'diedOrReturnedHome' end`,
      facts: sql`jsonb_build_object('birthday', bd.day, 'age', bd.age, 'contactDate', ct.date, 'inTouch', ct.in_touch,
        'activity', ct.activity, 'accommodationType', ct.accommodation_type, 'accommodationSuitable', ct.accommodation_suitable)`,
    })}
    from children c
    cross join lateral (select v.age, ${birthday(sql`c.date_of_birth`, sql`v.age`)} as day
      from (values ${sql.join(ages.map((a) => sql`(${sql.lit(a)})`))}) v(age)) bd
    left join lateral (select ct.record_id, ct.date, ct.in_touch, ct.activity, ct.accommodation_type, ct.accommodation_suitable
      from care_leaver_contacts ct
      where ct.la = c.la and ct.child_id = c.child_id
        and ct.date >= (bd.day - interval '3 months')::date and ct.date <= (bd.day + interval '1 month')::date and ct.date <= p.as_at
      order by abs(ct.date - bd.day), ct.date desc, ct.record_id desc limit 1) ct on true
    where c.la = ${la}
      and c.date_of_birth > (p.m12 - make_interval(years => ${sql.lit(oldest)}))::date
      and c.date_of_birth <= (p.as_at - make_interval(years => ${sql.lit(youngest)}))::date
      and bd.day > p.m12 and bd.day <= p.as_at
      and ${careLeaverOn(sql`bd.day`)}`,
  }
}

const IN_TOUCH = sql`ct.in_touch = 'YES'`
const SUITABLE = sql`ct.accommodation_suitable`
const EET = sql`ct.activity in ${codes(EET_ACTIVITIES)}`

/** Care leavers on D aged 17 to 21, with their latest contact on or before D (lc). */
function leaversOnD(counted: (la: string) => Sql, facts: Sql, countedOnly = false): KpiQuery {
  return {
    cohort: (la) => sql`${cohortSelect({
      childId: sql`c.child_id`,
      ...NO_EPISODE,
      inDenominator: sql`(lc.in_touch is null or lc.in_touch not in ${GONE})`,
      counted: countedOnly ? sql`(lc.in_touch is null or lc.in_touch not in ${GONE})` : counted(la),
      note: sql`case when lc.in_touch in ${GONE} then 'diedOrReturnedHome' end`,
      facts: sql`jsonb_build_object('age', ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)}, 'latestContact', lc.date,
        'latestInTouch', lc.in_touch${facts})`,
    })}
    from children c
    left join lateral (select ct.date, ct.in_touch from care_leaver_contacts ct
      where ct.la = c.la and ct.child_id = c.child_id and ct.date <= p.as_at
      order by ct.date desc, ct.record_id desc limit 1) lc on true
    where c.la = ${la}
      and c.date_of_birth > (p.as_at - interval '22 years')::date and c.date_of_birth <= (p.as_at - interval '17 years')::date
      and ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)} between 17 and 21
      and ${careLeaverOn(sql`p.as_at`)}`,
  }
}

const planDate = sql`(select max(d) from (
    select pp.plan_date as d from pathway_plans pp where pp.la = c.la and pp.child_id = c.child_id and pp.plan_date <= p.as_at
    union all
    select r.review_date from pathway_plans pp join pathway_plan_reviews r on r.la = pp.la and r.plan_record_id = pp.record_id
    where pp.la = c.la and pp.child_id = c.child_id and r.review_date <= p.as_at) dates)`

const adviser = sql`exists (select 1 from personal_advisers pa where pa.la = c.la and pa.child_id = c.child_id
  and pa.allocated_on <= p.as_at and (pa.ended_on is null or pa.ended_on >= p.as_at))`

export const careLeaverQueries: Record<string, KpiQuery> = {
  'care-leavers': leaversOnD(() => sql`true`, sql``, true),
  'care-leavers-17-18-in-touch': birthdayCohort([17, 18], IN_TOUCH),
  'care-leavers-17-18-suitable-accommodation': birthdayCohort([17, 18], SUITABLE),
  'care-leavers-17-18-eet': birthdayCohort([17, 18], EET),
  'care-leavers-19-21-in-touch': birthdayCohort([19, 20, 21], IN_TOUCH),
  'care-leavers-19-21-suitable-accommodation': birthdayCohort([19, 20, 21], SUITABLE),
  'care-leavers-19-21-eet': birthdayCohort([19, 20, 21], EET),
  'care-leavers-pathway-plan-current': leaversOnD(() => sql`${planDate} > p.m6`, sql`, 'latestPlanOrReview', ${planDate}`),
  'care-leavers-personal-adviser': leaversOnD(() => adviser, sql`, 'personalAdviser', ${adviser}`),
}
